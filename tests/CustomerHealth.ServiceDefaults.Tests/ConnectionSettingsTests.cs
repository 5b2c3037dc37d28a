using CustomerHealth.ServiceDefaults.Messaging;
using CustomerHealth.ServiceDefaults.Persistence;

namespace CustomerHealth.ServiceDefaults.Tests;

public class ConnectionSettingsTests
{
    [Theory]
    [InlineData("amqp://guest:guest@127.0.0.1:5672/", "127.0.0.1", 5672, "/", "guest", "guest")]
    [InlineData("amqp://app:s%40cret@rabbit:5673/tenant_a", "rabbit", 5673, "tenant_a", "app", "s@cret")]
    [InlineData("amqp://rabbit", "rabbit", 5672, "/", "guest", "guest")]
    [InlineData("rabbitmq://u:p@host:1234/%2Fvh", "host", 1234, "/vh", "u", "p")]
    public void A_RabbitMQ_URI_is_split_into_host_port_virtual_host_and_credentials(
        string uri, string host, int port, string vhost, string user, string password)
    {
        var address = RabbitMqAddress.Parse(uri);

        Assert.Equal(new RabbitMqAddress(host, (ushort)port, vhost, user, password), address);
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:5672")]
    [InlineData("http://rabbit:15672/")]
    public void A_connection_string_that_is_not_an_amqp_URI_fails_with_a_message_naming_the_setting(string uri)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => RabbitMqAddress.Parse(uri));

        Assert.Contains("ConnectionStrings:RabbitMq", ex.Message);
    }

    [Fact]
    public void The_PostgreSQL_connection_asks_the_server_to_notice_dead_clients_and_compress_with_lz4_once()
    {
        var once = MartenRegistration.WithConnectionChecks("Host=db;Username=app;Database=ch");
        var twice = MartenRegistration.WithConnectionChecks(once);

        Assert.Contains("client_connection_check_interval=1000", once);
        Assert.Contains("default_toast_compression=lz4", once);
        Assert.Equal(once, twice);
    }

    [Fact]
    public void Repeated_statements_are_prepared_automatically_unless_the_connection_string_chooses()
    {
        var defaulted = new Npgsql.NpgsqlConnectionStringBuilder(MartenRegistration.WithConnectionChecks("Host=db"));
        var chosen = new Npgsql.NpgsqlConnectionStringBuilder(MartenRegistration.WithConnectionChecks("Host=db;Max Auto Prepare=5"));

        Assert.Equal(64, defaulted.MaxAutoPrepare);
        Assert.Equal(2, defaulted.AutoPrepareMinUsages);
        Assert.Equal(5, chosen.MaxAutoPrepare);
    }

    [Fact]
    public void Existing_server_options_are_kept_beside_the_connection_check()
    {
        var result = new Npgsql.NpgsqlConnectionStringBuilder(
            MartenRegistration.WithConnectionChecks("Host=db;Options=-c statement_timeout=5000"));

        Assert.Equal("-c statement_timeout=5000 -c client_connection_check_interval=1000 -c default_toast_compression=lz4", result.Options);
    }
}
