using System.Globalization;

namespace CustomerHealth.Testing;

/// <summary>A PostgreSQL server run from the installed binaries in its own directory and port.</summary>
internal sealed class LocalPostgres : IPostgresBackend
{
    public const string Kind = "postgres";

    // initdb and pg_ctl refuse to run as root; the data directory must belong to this account then.
    private const string ServiceAccount = "postgres";
    private const int MaxUnixSocketDirectoryLength = 80;
    private const int PortAttempts = 3;
    private static readonly TimeSpan ShortCommandTimeout = TimeSpan.FromSeconds(60);

    private readonly PostgresBinaries binaries;
    private readonly PostgresServerOptions options;
    private readonly string instanceDirectory;
    private readonly bool temporary;
    private readonly string? runAs = Posix.IsRoot ? ServiceAccount : null;
    private IDisposable? exitRegistration;
    private Watchdog? watchdog;
    private bool running;

    private LocalPostgres(PostgresBinaries binaries, PostgresServerOptions options, string instanceDirectory, bool temporary)
    {
        this.binaries = binaries;
        this.options = options;
        this.instanceDirectory = instanceDirectory;
        this.temporary = temporary;
    }

    public ProvisioningMode Mode => ProvisioningMode.LocalBinaries;

    public string Host => "127.0.0.1";

    public int Port { get; private set; }

    public string Username => "postgres";

    public string? Password => null;

    private string DataDirectory => Path.Combine(instanceDirectory, "data");

    private string LogFile => Path.Combine(instanceDirectory, "postgres.log");

    // pg_ctl -w gives up after its timeout while the server may still come up; its pid file says it did.
    private bool MayBeRunning => running || File.Exists(Path.Combine(DataDirectory, "postmaster.pid"));

    public static async Task<LocalPostgres> StartAsync(PostgresServerOptions options, CancellationToken ct)
    {
        var binaries = PostgresBinaries.Find() ?? throw new ProvisioningUnavailableException();
        var temporary = options.DataDirectory is null;
        var directory = temporary ? InstanceDirectories.CreateTemporary(Kind) : Path.GetFullPath(options.DataDirectory!);
        var server = new LocalPostgres(binaries, options, directory, temporary);
        server.exitRegistration = ExitCleanup.Register($"PostgreSQL in {directory}", server.StopAtExit);
        try
        {
            await server.PrepareAsync(ct).ConfigureAwait(false);
            await server.StartOnSomePortAsync(ct).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (!running)
        {
            return;
        }

        (await PgCtl("stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60")
                .RunAsync(ShortCommandTimeout + TimeSpan.FromSeconds(10), ct).ConfigureAwait(false))
            .EnsureSucceeded();
        Stopped();
    }

    public async Task StartAgainAsync(CancellationToken ct)
    {
        if (running)
        {
            return;
        }

        var result = await TryStartAsync(Port, ct).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw StartFailure(result);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (MayBeRunning)
            {
                await PgCtl("stop", "-D", DataDirectory, "-m", temporary ? "immediate" : "fast", "-w", "-t", "60")
                    .RunAsync(ShortCommandTimeout + TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                Stopped();
            }
        }
        finally
        {
            if (temporary)
            {
                InstanceDirectories.TryDelete(instanceDirectory);
            }

            exitRegistration?.Dispose();
            watchdog?.Dispose();
            watchdog = null;
        }
    }

    /// <summary>Stops a server a killed process left in <paramref name="directory"/>.</summary>
    public static void StopLeftover(string directory)
    {
        var data = Path.Combine(directory, "data");
        if (!File.Exists(Path.Combine(data, "postmaster.pid")) || PostgresBinaries.Find() is not { } binaries)
        {
            return;
        }

        Command.As(Posix.IsRoot ? ServiceAccount : null, binaries.PgCtl, "stop", "-D", data, "-m", "immediate", "-w")
            .Run(ShortCommandTimeout);
    }

    private async Task PrepareAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(instanceDirectory);
        if (runAs is not null)
        {
            (await Command.Of("chown", "-R", $"{runAs}:{runAs}", instanceDirectory)
                    .RunAsync(ShortCommandTimeout, ct).ConfigureAwait(false))
                .EnsureSucceeded();
        }

        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            (await Command.As(runAs, binaries.InitDb, "-D", DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                        "--locale=C.UTF-8", "--no-sync")
                    .RunAsync(ShortCommandTimeout, ct).ConfigureAwait(false))
                .EnsureSucceeded();
            return;
        }

        // A kept data directory may still have its server running after a launcher crash: it is ours, stop it.
        var status = await PgCtl("status", "-D", DataDirectory).RunAsync(ShortCommandTimeout, ct).ConfigureAwait(false);
        if (status.Succeeded)
        {
            await PgCtl("stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60")
                .RunAsync(ShortCommandTimeout + TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
        }
    }

    private async Task StartOnSomePortAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port ?? FreeTcpPort.Next();
            var result = await TryStartAsync(port, ct).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return;
            }

            // A free port can be taken by someone else between probing and binding; only then is retrying useful.
            if (options.Port is not null || attempt == PortAttempts || !ReadLogTail().Contains("could not bind", StringComparison.Ordinal))
            {
                throw StartFailure(result);
            }
        }
    }

    private async Task<CommandResult> TryStartAsync(int port, CancellationToken ct)
    {
        Port = port;
        var timeoutSeconds = ((int)options.StartTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var result = await PgCtl("start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", timeoutSeconds, "-o", ServerArguments(port))
            .RunAsync(options.StartTimeout + TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
        running = result.Succeeded;
        if (running && PostmasterPid() is { } pid)
        {
            watchdog = Watchdog.Start(WatchdogScript(pid));
        }

        return result;
    }

    private string ServerArguments(int port)
    {
        // pg_ctl hands -o to /bin/sh, hence the single quotes. Unix socket paths are limited to ~107 bytes.
        var socketDirectory = instanceDirectory.Length <= MaxUnixSocketDirectoryLength ? instanceDirectory : "";
        var arguments = $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='{socketDirectory}' "
                        + $"-c max_connections={options.MaxConnections}";
        return options.Fsync ? arguments : arguments + " -c fsync=off";
    }

    private Command PgCtl(params string[] arguments) => Command.As(runAs, binaries.PgCtl, arguments);

    private InvalidOperationException StartFailure(CommandResult result) => new(
        $"PostgreSQL did not start in {instanceDirectory} on port {Port}.{Environment.NewLine}{result.Output}"
        + $"{Environment.NewLine}--- {LogFile} (end) ---{Environment.NewLine}{ReadLogTail()}");

    private string ReadLogTail()
    {
        try
        {
            return string.Join(Environment.NewLine, File.ReadLines(LogFile).TakeLast(40));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private void StopAtExit()
    {
        if (!MayBeRunning)
        {
            return;
        }

        if (temporary)
        {
            // The host may be killed any moment now (VSTest does that): SIGQUIT is an immediate shutdown, no waiting.
            if (PostmasterPid() is { } pid)
            {
                Posix.Signal(pid, Posix.SigQuit);
            }

            InstanceDirectories.TryDelete(instanceDirectory);
        }
        else
        {
            PgCtl("stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60").Run(ShortCommandTimeout + TimeSpan.FromSeconds(10));
        }

        Stopped();
    }

    private void Stopped()
    {
        running = false;
        watchdog?.Dispose();
        watchdog = null;
    }

    private int? PostmasterPid()
    {
        try
        {
            return int.TryParse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).FirstOrDefault(), NumberStyles.None,
                CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Stops this run of the server once we are gone, but only if the data directory still belongs to that run's
    /// postmaster: a kept directory may meanwhile serve a later run.
    /// </summary>
    private string WatchdogScript(int postmasterPid)
    {
        var pidFile = Watchdog.Quote(Path.Combine(DataDirectory, "postmaster.pid"));
        var stop = string.Join(' ', PgCtl("stop", "-D", DataDirectory, "-m", temporary ? "immediate" : "fast", "-w", "-t", "60")
            .Arguments.Select(Watchdog.Quote));
        var script = $"[ \"$(head -n 1 {pidFile} 2>/dev/null)\" = '{postmasterPid}' ] && {stop}";
        return temporary ? $"{script}\nrm -rf {Watchdog.Quote(instanceDirectory)}" : script;
    }
}
