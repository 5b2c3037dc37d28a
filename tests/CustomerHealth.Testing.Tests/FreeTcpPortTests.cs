namespace CustomerHealth.Testing.Tests;

public sealed class FreeTcpPortTests
{
    [Fact]
    public void Distinct_free_ports_are_all_different_non_zero_ports()
    {
        var ports = FreeTcpPort.NextDistinct(20);

        Assert.Equal(20, ports.Distinct().Count());
        Assert.All(ports, port => Assert.InRange(port, 1, 65535));
    }

    [Fact]
    public void A_start_failure_counts_as_a_taken_port_only_when_the_service_said_its_address_was_in_use()
    {
        var taken = new ServiceStartException("gateway", "exited with code 134", "Failed to bind to address http://127.0.0.1:43727: address already in use.");
        var other = new ServiceStartException("gateway", "exited with code 1", "Unhandled exception. Npgsql.PostgresException: 28P01: password authentication failed");

        Assert.True(FreeTcpPort.WasTaken(taken));
        Assert.False(FreeTcpPort.WasTaken(other));
    }
}
