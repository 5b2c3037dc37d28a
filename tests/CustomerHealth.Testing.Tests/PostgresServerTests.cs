using Npgsql;

namespace CustomerHealth.Testing.Tests;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task The_shared_server_answers_queries_as_the_postgres_superuser()
    {
        var server = await PostgresServer.Shared;

        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_user, current_database(), current_setting('is_superuser')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.Equal("postgres", reader.GetString(0));
        Assert.Equal("postgres", reader.GetString(1));
        Assert.Equal("on", reader.GetString(2));
    }

    [Fact]
    public async Task The_shared_server_is_one_server_for_the_whole_process()
    {
        var first = await PostgresServer.Shared;
        var second = await PostgresServer.Shared;

        Assert.Same(first, second);
    }

    [Fact]
    public async Task Local_servers_run_PostgreSQL_15_when_it_is_installed()
    {
        var server = await PostgresServer.Shared;
        if (server.Provisioning != ProvisioningMode.LocalBinaries || !Directory.Exists("/usr/lib/postgresql/15"))
        {
            return; // Docker always runs 15; another installed version is a choice of the machine, not a fault.
        }

        Assert.Equal(15, await ScalarAsync<int>(server.ConnectionString, "SELECT current_setting('server_version_num')::int / 10000"));
    }

    [Fact]
    public async Task Databases_created_for_different_tests_do_not_see_each_others_tables()
    {
        var server = await PostgresServer.Shared;

        var first = await server.CreateDatabaseAsync("isolation");
        var second = await server.CreateDatabaseAsync("isolation");
        await ExecuteAsync(first, "CREATE TABLE customers (id int PRIMARY KEY); INSERT INTO customers VALUES (1)");

        Assert.NotEqual(new NpgsqlConnectionStringBuilder(first).Database, new NpgsqlConnectionStringBuilder(second).Database);
        Assert.StartsWith("isolation_", new NpgsqlConnectionStringBuilder(first).Database);
        Assert.Equal(1L, await ScalarAsync<long>(first, "SELECT count(*) FROM customers"));
        Assert.True(await ScalarAsync<bool>(second, "SELECT to_regclass('customers') IS NULL"));
    }

    [Fact]
    public async Task Ensuring_a_database_creates_it_once_and_then_leaves_it_alone()
    {
        var server = await PostgresServer.Shared;
        var name = "ensured_" + Guid.NewGuid().ToString("N")[..8];

        var connectionString = await server.EnsureDatabaseAsync(name);
        await ExecuteAsync(connectionString, "CREATE TABLE kept (id int)");
        var again = await server.EnsureDatabaseAsync(name);

        Assert.Equal(connectionString, again);
        Assert.False(await ScalarAsync<bool>(again, "SELECT to_regclass('kept') IS NULL"));
    }

    [Fact]
    public async Task Given_a_stopped_server_When_it_is_started_again_Then_it_has_the_same_data_on_the_same_port()
    {
        await using var server = await PostgresServer.StartAsync();
        var database = await server.CreateDatabaseAsync("restart");
        await ExecuteAsync(database, "CREATE TABLE accounts (name text); INSERT INTO accounts VALUES ('acme')");
        var portBefore = server.Port;

        await server.StopAsync();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(database, "SELECT 1"));
        await server.StartAgainAsync();

        if (server.Provisioning == ProvisioningMode.LocalBinaries)
        {
            Assert.Equal(portBefore, server.Port);
        }

        Assert.Equal("acme", await ScalarAsync<string>(server.ConnectionStringFor(new NpgsqlConnectionStringBuilder(database).Database!), "SELECT name FROM accounts"));
    }

    [Fact]
    public async Task A_disposed_dedicated_server_no_longer_listens()
    {
        var server = await PostgresServer.StartAsync();
        var port = server.Port;
        Assert.True(FreeTcpPort.IsOpen(port));

        await server.DisposeAsync();

        Assert.False(FreeTcpPort.IsOpen(port));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
