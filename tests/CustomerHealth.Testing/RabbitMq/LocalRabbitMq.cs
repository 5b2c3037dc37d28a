using System.Diagnostics;
using System.Globalization;

namespace CustomerHealth.Testing;

/// <summary>
/// A RabbitMQ node run from the installed scripts in its own session (process group), with its own node name,
/// ports and directory. Only that process group is ever signalled: epmd daemonises out of it and is shared
/// with every other node on the machine, so it is left running.
/// </summary>
internal sealed class LocalRabbitMq : IRabbitMqBackend
{
    public const string Kind = "rabbitmq";
    private const string PidFileName = "server.pid";
    private const string MnesiaVariable = "RABBITMQ_MNESIA_BASE";
    private const string SharedEpmd = "epmd";
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly LocalRabbitMqLayout layout;
    private readonly RabbitMqServerOptions options;
    private readonly bool temporary;
    private readonly OutputRingBuffer output = new(200);
    private readonly RabbitMqManagementApi management;
    private IDisposable? exitRegistration;
    private Watchdog? watchdog;
    private Process? process;

    private LocalRabbitMq(LocalRabbitMqLayout layout, RabbitMqServerOptions options, bool temporary)
    {
        this.layout = layout;
        this.options = options;
        this.temporary = temporary;
        management = new RabbitMqManagementApi(new Uri($"http://127.0.0.1:{layout.ManagementPort}/"), Username, Password);
    }

    public ProvisioningMode Mode => ProvisioningMode.LocalBinaries;

    public string Host => "127.0.0.1";

    public int Port => layout.Port;

    public int ManagementPort => layout.ManagementPort;

    public string Username => "guest";

    public string Password => "guest";

    public string NodeName => layout.NodeName;

    private bool IsRunning => process is { HasExited: false };

    public static async Task<LocalRabbitMq> StartAsync(RabbitMqServerOptions options, CancellationToken ct)
    {
        if (!RabbitMqBinaries.ArePresent)
        {
            throw new ProvisioningUnavailableException();
        }

        var temporary = options.DataDirectory is null;
        var directory = temporary ? InstanceDirectories.CreateTemporary(Kind) : Path.GetFullPath(options.DataDirectory!);
        Directory.CreateDirectory(directory);
        if (!temporary)
        {
            // A launcher that was killed leaves its node running on this directory; it is ours to stop.
            StopLeftover(directory);
        }

        var layout = new LocalRabbitMqLayout(
            directory,
            options.NodeName ?? $"chtest-{UniqueName.Random8()}@localhost",
            options.Port ?? FreeTcpPort.Next(),
            options.ManagementPort ?? FreeTcpPort.Next(),
            options.DistributionPort ?? FreeTcpPort.Next());
        layout.WriteFiles();

        var server = new LocalRabbitMq(layout, options, temporary);
        server.exitRegistration = ExitCleanup.Register($"RabbitMQ node {layout.NodeName}", server.StopAtExit);
        server.watchdog = Watchdog.Start(server.CleanupScript());
        try
        {
            await server.StartProcessAndWaitAsync(ct).ConfigureAwait(false);
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
        if (process is null)
        {
            return;
        }

        // The start script traps SIGTERM and stops the node gracefully, so durable data is flushed.
        Posix.Signal(process.Id, Posix.SigTerm);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StopTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Did not stop in time: the group kill below ends it.
        }
        finally
        {
            KillGroupAndForget();
        }
    }

    public Task StartAgainAsync(CancellationToken ct) => IsRunning ? Task.CompletedTask : StartProcessAndWaitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (temporary)
            {
                KillGroupAndForget(); // throwaway data: no need to wait for a graceful stop
                InstanceDirectories.TryDelete(layout.InstanceDirectory);
            }
            else
            {
                await StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            management.Dispose();
            exitRegistration?.Dispose();
            watchdog?.Dispose();
        }
    }

    /// <summary>Kills whatever node a killed process left in <paramref name="directory"/>.</summary>
    public static void StopLeftover(string directory)
    {
        KillNodeProcesses(directory);
        WaitUntilGone(directory);
    }

    /// <summary>
    /// Every process the node started carries its mnesia directory in its environment, including erl_child_setup
    /// and inet_gethost, which run in sessions of their own. epmd does too but is shared with other nodes.
    /// </summary>
    private static IReadOnlyList<int> NodeProcesses(string directory) =>
        ProcessScan.WithEnvironment(MnesiaVariable, LocalRabbitMqLayout.MnesiaBaseOf(directory), SharedEpmd);

    private static void KillNodeProcesses(string directory)
    {
        foreach (var pid in NodeProcesses(directory))
        {
            Posix.Signal(pid, Posix.SigKill);
        }
    }

    private static void WaitUntilGone(string directory)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (NodeProcesses(directory).Count > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }
    }

    private string CleanupScript()
    {
        var mnesiaBase = LocalRabbitMqLayout.MnesiaBaseOf(layout.InstanceDirectory);
        return temporary
            ? Watchdog.KillByEnvironment(MnesiaVariable, mnesiaBase, graceSeconds: 0, exceptCommand: SharedEpmd)
              + $"\nrm -rf {Watchdog.Quote(layout.InstanceDirectory)}"
            : Watchdog.KillByEnvironment(MnesiaVariable, mnesiaBase, graceSeconds: 60, termCommand: "rabbitmq-server", exceptCommand: SharedEpmd);
    }

    private async Task StartProcessAndWaitAsync(CancellationToken ct)
    {
        StartProcess();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.StartTimeout);
        try
        {
            await WaitUntilReadyAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            KillGroupAndForget();
            var reason = e is OperationCanceledException ? $"was not ready after {options.StartTimeout.TotalSeconds:0} s" : e.Message;
            throw new InvalidOperationException(
                $"RabbitMQ node {layout.NodeName} (AMQP port {Port}) {reason}. Output:{Environment.NewLine}{output}"
                + $"{Environment.NewLine}Logs: {layout.LogBase}", e);
        }
    }

    private void StartProcess()
    {
        // setsid gives the node its own process group, which is what gets signalled on stop.
        var info = new ProcessStartInfo("setsid")
        {
            ArgumentList = { RabbitMqBinaries.Server },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = layout.InstanceDirectory,
        };
        foreach (var (name, value) in layout.ServerEnvironment())
        {
            info.Environment[name] = value;
        }

        var started = new Process { StartInfo = info };
        started.OutputDataReceived += (_, e) => Record(e.Data);
        started.ErrorDataReceived += (_, e) => Record(e.Data);
        started.Start();
        started.StandardInput.Close();
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;
        File.WriteAllText(Path.Combine(layout.InstanceDirectory, PidFileName), started.Id.ToString(CultureInfo.InvariantCulture));
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            output.Add(line);
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        // Cheap TCP probes first: every rabbitmq-diagnostics call boots an Erlang VM (about a second of CPU).
        await PollAsync("the AMQP port to open", () => Task.FromResult(FreeTcpPort.IsOpen(Port)), ct).ConfigureAwait(false);

        // `ping` answers before boot has finished; check_running only once the broker runs.
        await PollAsync("check_running", async () =>
        {
            var result = await Command.Of(RabbitMqBinaries.Diagnostics, "-q", "-n", layout.NodeName, "check_running")
                .WithEnvironment(layout.CliEnvironment())
                .RunAsync(TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
            return result.Succeeded;
        }, ct).ConfigureAwait(false);

        await PollAsync("the management API", () => management.IsReadyAsync(ct), ct).ConfigureAwait(false);
    }

    private async Task PollAsync(string what, Func<Task<bool>> isDone, CancellationToken ct)
    {
        while (!await isDone().ConfigureAwait(false))
        {
            if (!IsRunning)
            {
                throw new InvalidOperationException($"exited with code {process?.ExitCode} while waiting for {what}");
            }

            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
        }
    }

    private void KillGroupAndForget()
    {
        if (process is null)
        {
            return;
        }

        Posix.SignalGroup(process.Id, Posix.SigKill);
        KillNodeProcesses(layout.InstanceDirectory);
        process.WaitForExit(TimeSpan.FromSeconds(10));
        WaitUntilGone(layout.InstanceDirectory);
        process.Dispose();
        process = null;
        File.Delete(Path.Combine(layout.InstanceDirectory, PidFileName));
    }

    private void StopAtExit()
    {
        if (temporary)
        {
            // The host may be killed any moment now (VSTest does that): signal first, wait for nothing.
            KillNodeProcesses(layout.InstanceDirectory);
            InstanceDirectories.TryDelete(layout.InstanceDirectory);
            return;
        }

        if (process is not null)
        {
            Posix.Signal(process.Id, Posix.SigTerm);
            process.WaitForExit(StopTimeout);
        }

        KillGroupAndForget();
    }
}
