using System.Net;
using System.Net.Sockets;
using CustomerHealth.Testing;

namespace CustomerHealth.Usage.Tests.ThroughTheGateway;

public class UsageBehindGatewayTests
{
    [Fact]
    public async Task Given_the_gateway_port_is_taken_after_it_was_chosen_When_the_system_starts_Then_it_starts_again_on_new_ports()
    {
        var system = new UsageBehindGateway();
        var taken = system.Topology.Gateway.HttpPort;
        using var squatter = new TcpListener(IPAddress.Loopback, taken);
        squatter.Start();
        try
        {
            await system.InitializeAsync();

            Assert.NotEqual(taken, system.Topology.Gateway.HttpPort);
            var live = await system.Rest.GetAsync("healthz/live");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            await system.DisposeAsync();
        }
    }
}
