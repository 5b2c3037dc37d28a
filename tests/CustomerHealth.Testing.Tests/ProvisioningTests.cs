namespace CustomerHealth.Testing.Tests;

public sealed class ProvisioningTests
{
    [Fact]
    public void Without_Docker_and_binaries_the_message_says_what_to_install()
    {
        var message = new ProvisioningUnavailableException().Message;

        Assert.Contains("apt-get install -y postgresql-15 rabbitmq-server", message);
        Assert.Contains("Docker engine", message);
    }

    [Fact]
    public void A_free_port_can_be_bound_right_away()
    {
        var port = FreeTcpPort.Next();

        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        listener.Start();
        Assert.True(FreeTcpPort.IsOpen(port));
    }

    [Theory]
    [InlineData("Billing Service", "billing_service_")]
    [InlineData("42-tests", "x42_tests_")]
    [InlineData("", "x_")]
    public void Generated_names_are_plain_lowercase_identifiers_with_a_random_suffix(string prefix, string expectedStart)
    {
        var name = UniqueName.For(prefix);

        Assert.StartsWith(expectedStart, name);
        Assert.Matches("^[a-z][a-z0-9_]*_[0-9a-f]{8}$", name);
    }
}
