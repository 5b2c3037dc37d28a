using Npgsql;

namespace CustomerHealth.Testing;

/// <summary>
/// A real PostgreSQL server for integration tests and the launcher: a Testcontainers container when Docker
/// answers, otherwise a throwaway server from the installed binaries (see <see cref="ProvisioningMode"/>).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(StartSharedAsync);
    private readonly IPostgresBackend backend;
    private readonly bool isShared;

    private PostgresServer(IPostgresBackend backend, bool isShared)
    {
        this.backend = backend;
        this.isShared = isShared;
    }

    /// <summary>
    /// One server per process, started on first use and stopped when the process exits. Give each test its own
    /// database with <see cref="CreateDatabaseAsync"/>; disposing the shared server does nothing.
    /// </summary>
    public static Task<PostgresServer> Shared => SharedServer.Value;

    /// <summary>Superuser connection string to database <c>postgres</c>.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    /// <summary>For Docker the mapped host port, which may change after <see cref="StartAgainAsync"/>.</summary>
    public int Port => backend.Port;

    public ProvisioningMode Provisioning => backend.Mode;

    /// <summary>Starts a dedicated server, e.g. for a test that stops and restarts it.</summary>
    public static async Task<PostgresServer> StartAsync(PostgresServerOptions? options = null, CancellationToken ct = default) =>
        new(await StartBackendAsync(options ?? new PostgresServerOptions(), ct).ConfigureAwait(false), isShared: false);

    public string ConnectionStringFor(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = backend.Host,
            Port = backend.Port,
            Username = backend.Username,
            Database = database,
        };
        if (backend.Password is not null)
        {
            builder.Password = backend.Password;
        }

        return builder.ConnectionString;
    }

    /// <summary>Creates database <c>&lt;prefix&gt;_&lt;random&gt;</c> and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string namePrefix, CancellationToken ct = default)
    {
        var name = UniqueName.For(namePrefix);
        await ExecuteAsync($"CREATE DATABASE {Quote(name)}", ct).ConfigureAwait(false);
        return ConnectionStringFor(name);
    }

    /// <summary>Creates database <paramref name="name"/> unless it exists; returns its connection string.</summary>
    public async Task<string> EnsureDatabaseAsync(string name, CancellationToken ct = default)
    {
        await using var connection = await OpenAdminConnectionAsync(ct).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = name });
        if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Quote(name)}", connection);
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        return ConnectionStringFor(name);
    }

    /// <summary>Stops the server (fast shutdown) and keeps its data.</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        await backend.StopAsync(ct).ConfigureAwait(false);

        // Pooled connections now point at a dead server; without this the next test's first command fails.
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Starts the stopped server again with the same data (local servers: on the same port).</summary>
    public Task StartAgainAsync(CancellationToken ct = default) => backend.StartAgainAsync(ct);

    public ValueTask DisposeAsync() => isShared ? ValueTask.CompletedTask : backend.DisposeAsync();

    private static async Task<PostgresServer> StartSharedAsync() =>
        new(await StartBackendAsync(new PostgresServerOptions(), CancellationToken.None).ConfigureAwait(false), isShared: true);

    private static async Task<IPostgresBackend> StartBackendAsync(PostgresServerOptions options, CancellationToken ct) =>
        Testing.Provisioning.Resolve(options.Provisioning, PostgresBinaries.ArePresent) == ProvisioningMode.Docker
            ? await DockerPostgres.StartAsync(options, ct).ConfigureAwait(false)
            : await LocalPostgres.StartAsync(options, ct).ConfigureAwait(false);

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var connection = await OpenAdminConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private async Task<NpgsqlConnection> OpenAdminConnectionAsync(CancellationToken ct)
    {
        // Unpooled: administrative statements must not leave idle connections that block DROP/CREATE DATABASE.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        return connection;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
