namespace CustomerHealth.Testing;

/// <summary>
/// A real RabbitMQ broker for integration tests and the launcher: a Testcontainers container when Docker
/// answers, otherwise a throwaway node from the installed binaries (see <see cref="ProvisioningMode"/>).
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    private static readonly Lazy<Task<RabbitMqServer>> SharedServer = new(StartSharedAsync);
    private readonly IRabbitMqBackend backend;
    private readonly bool isShared;

    private RabbitMqServer(IRabbitMqBackend backend, bool isShared)
    {
        this.backend = backend;
        this.isShared = isShared;
    }

    /// <summary>
    /// One broker per process, started on first use and stopped when the process exits. Give each test its own
    /// virtual host with <see cref="CreateVirtualHostAsync"/>; disposing the shared broker does nothing.
    /// </summary>
    public static Task<RabbitMqServer> Shared => SharedServer.Value;

    /// <summary><c>amqp://guest:guest@127.0.0.1:PORT/</c>: the default virtual host.</summary>
    public string AmqpUri => AmqpUriFor("/");

    /// <summary>For Docker the mapped host port, which may change after <see cref="StartAgainAsync"/>.</summary>
    public int Port => backend.Port;

    public Uri ManagementUri => new($"http://{backend.Host}:{backend.ManagementPort}/");

    public ProvisioningMode Provisioning => backend.Mode;

    /// <summary>Starts a dedicated broker, e.g. for a test that stops and restarts it.</summary>
    public static Task<RabbitMqServer> StartAsync(CancellationToken ct = default) => StartAsync(new RabbitMqServerOptions(), ct);

    public static async Task<RabbitMqServer> StartAsync(RabbitMqServerOptions options, CancellationToken ct = default) =>
        new(await StartBackendAsync(options, ct).ConfigureAwait(false), isShared: false);

    public string AmqpUriFor(string virtualHost)
    {
        var path = virtualHost == "/" ? "" : Uri.EscapeDataString(virtualHost);
        return $"amqp://{Uri.EscapeDataString(backend.Username)}:{Uri.EscapeDataString(backend.Password)}@{backend.Host}:{backend.Port}/{path}";
    }

    /// <summary>Creates virtual host <c>&lt;prefix&gt;_&lt;random&gt;</c>, grants guest everything on it, returns its AMQP URI.</summary>
    public async Task<string> CreateVirtualHostAsync(string namePrefix, CancellationToken ct = default)
    {
        var name = UniqueName.For(namePrefix);
        using var management = new RabbitMqManagementApi(ManagementUri, backend.Username, backend.Password);
        await management.CreateVirtualHostAsync(name, ct).ConfigureAwait(false);
        return AmqpUriFor(name);
    }

    /// <summary>Stops the broker gracefully and keeps its data: durable queues and persistent messages survive.</summary>
    public Task StopAsync(CancellationToken ct = default) => backend.StopAsync(ct);

    /// <summary>Starts the broker again with the same data (local nodes: same node name and ports) and waits until it is ready.</summary>
    public Task StartAgainAsync(CancellationToken ct = default) => backend.StartAgainAsync(ct);

    public ValueTask DisposeAsync() => isShared ? ValueTask.CompletedTask : backend.DisposeAsync();

    private static async Task<RabbitMqServer> StartSharedAsync() =>
        new(await StartBackendAsync(new RabbitMqServerOptions(), CancellationToken.None).ConfigureAwait(false), isShared: true);

    private static async Task<IRabbitMqBackend> StartBackendAsync(RabbitMqServerOptions options, CancellationToken ct) =>
        Testing.Provisioning.Resolve(options.Provisioning, RabbitMqBinaries.ArePresent) == ProvisioningMode.Docker
            ? await DockerRabbitMq.StartAsync(options, ct).ConfigureAwait(false)
            : await LocalRabbitMq.StartAsync(options, ct).ConfigureAwait(false);
}
