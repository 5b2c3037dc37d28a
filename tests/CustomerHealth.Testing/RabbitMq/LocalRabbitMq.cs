using System.Diagnostics;
using System.Globalization;

namespace CustomerHealth.Testing;

/// <summary>
/// A RabbitMQ node run from the installed scripts in its own session (process group), with its own node name,
/// ports and directory. Only this node's processes are ever signalled: epmd daemonises out of the group and is
/// shared with every other node on the machine, so it is left running.
/// </summary>
internal sealed class LocalRabbitMq : IRabbitMqBackend
{
    public const string Kind = "rabbitmq";
    private const string PidFileName = "server.pid";
    private const string MnesiaVariable = "RABBITMQ_MNESIA_BASE";
    private const string RunVariable = "CUSTOMERHEALTH_RABBITMQ_RUN";
    private const string SharedEpmd = "epmd";
    private const int PortAttempts = 3;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly LocalRabbitMqLayout layout;
    private readonly RabbitMqServerOptions options;
    private readonly bool temporary;
    private readonly OutputRingBuffer output = new(200);
    private readonly RabbitMqManagementApi management;
    private IDisposable? exitRegistration;
    private NodeRun? run;

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

    private bool IsRunning => run is { Process.HasExited: false };

    public static async Task<LocalRabbitMq> StartAsync(RabbitMqServerOptions options, CancellationToken ct)
    {
        if (!RabbitMqBinaries.ArePresent)
        {
            throw new ProvisioningUnavailableException();
        }

        var temporary = options.DataDirectory is null;
        var directory = temporary ? InstanceDirectories.CreateTemporary(Kind) : Path.GetFullPath(options.DataDirectory!);
        if (!temporary)
        {
            // A launcher that was killed leaves its node running on this directory; it is ours to stop.
            StopLeftover(directory);
        }

        for (var attempt = 1; ; attempt++)
        {
            // Distinct ports, chosen together: one at a time the kernel may hand out the same port twice.
            var ports = FreeTcpPort.NextDistinct(3);
            var layout = new LocalRabbitMqLayout(
                directory,
                options.NodeName ?? $"chtest-{UniqueName.Random8()}@localhost",
                options.Port ?? ports[0],
                options.ManagementPort ?? ports[1],
                options.DistributionPort ?? ports[2]);
            // Again on each attempt: disposing a failed temporary node deletes its directory.
            Directory.CreateDirectory(directory);
            layout.WriteFiles();

            var server = new LocalRabbitMq(layout, options, temporary);
            server.exitRegistration = ExitCleanup.Register($"RabbitMQ node {layout.NodeName}", server.StopAtExit);
            try
            {
                await server.StartNodeAndWaitAsync(ct).ConfigureAwait(false);
                return server;
            }
            catch (InvalidOperationException failure) when (attempt < PortAttempts && options is { Port: null, ManagementPort: null, DistributionPort: null }
                                                           && failure.Message.Contains("eaddrinuse", StringComparison.Ordinal))
            {
                // A chosen port was taken before the node bound it (often an outgoing connection of a test
                // running beside): start again on new ports, under a new node name.
                await server.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (run is null)
        {
            return;
        }

        // The start script traps SIGTERM and stops the node gracefully, so durable data is flushed.
        Posix.Signal(run.Process.Id, Posix.SigTerm);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StopTimeout);
        try
        {
            await run.Process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Did not stop in time: killed below.
        }
        finally
        {
            KillRun();
        }
    }

    public Task StartAgainAsync(CancellationToken ct) => IsRunning ? Task.CompletedTask : StartNodeAndWaitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (temporary)
            {
                KillRun(); // throwaway data: no need to wait for a graceful stop
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
        }
    }

    /// <summary>Kills whatever node a killed process left in <paramref name="directory"/>.</summary>
    public static void StopLeftover(string directory)
    {
        Kill(MnesiaVariable, LocalRabbitMqLayout.MnesiaBaseOf(directory));
    }

    /// <summary>
    /// Kills every process started with <paramref name="variable"/>=<paramref name="value"/> and waits until they are
    /// gone. The node's helpers (erl_child_setup, inet_gethost) run in sessions of their own but inherit the
    /// environment; epmd inherits it too but serves other nodes as well.
    /// </summary>
    private static void Kill(string variable, string value)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (ProcessScan.WithEnvironment(variable, value, SharedEpmd) is { Count: > 0 } pids && DateTime.UtcNow < deadline)
        {
            foreach (var pid in pids)
            {
                Posix.Signal(pid, Posix.SigKill);
            }

            Thread.Sleep(50);
        }
    }

    private async Task StartNodeAndWaitAsync(CancellationToken ct)
    {
        run = StartNode();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.StartTimeout);
        try
        {
            await WaitUntilReadyAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            KillRun();
            var reason = e is OperationCanceledException ? $"was not ready after {options.StartTimeout.TotalSeconds:0} s" : e.Message;
            throw new InvalidOperationException(
                $"RabbitMQ node {layout.NodeName} (AMQP port {Port}) {reason}. Output:{Environment.NewLine}{output}"
                + $"{Environment.NewLine}Logs: {layout.LogBase}", e);
        }
    }

    private NodeRun StartNode()
    {
        // setsid gives the node its own process group; the run id marks this run's processes (and only these)
        // for the watchdog, since a kept data directory is reused by later runs.
        var runId = Guid.NewGuid().ToString("N");
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

        info.Environment[RunVariable] = runId;
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        var watchdog = Watchdog.Start(WatchdogScript(runId));
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        File.WriteAllText(Path.Combine(layout.InstanceDirectory, PidFileName), process.Id.ToString(CultureInfo.InvariantCulture));
        return new NodeRun(process, runId, watchdog);
    }

    private string WatchdogScript(string runId) => temporary
        ? Watchdog.KillByEnvironment(RunVariable, runId, graceSeconds: 0, exceptCommand: SharedEpmd)
          + $"\nrm -rf {Watchdog.Quote(layout.InstanceDirectory)}"
        : Watchdog.KillByEnvironment(RunVariable, runId, graceSeconds: 60, termCommand: "rabbitmq-server", exceptCommand: SharedEpmd);

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
                throw new InvalidOperationException($"exited with code {run?.Process.ExitCode} while waiting for {what}");
            }

            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
        }
    }

    private void KillRun()
    {
        if (run is null)
        {
            return;
        }

        Posix.SignalGroup(run.Process.Id, Posix.SigKill);
        Kill(RunVariable, run.Id);
        run.Process.WaitForExit(TimeSpan.FromSeconds(10));
        run.Dispose();
        run = null;
        File.Delete(Path.Combine(layout.InstanceDirectory, PidFileName));
    }

    private void StopAtExit()
    {
        if (temporary || run is null)
        {
            // The host may be killed any moment now (VSTest does that): signal first, wait for nothing.
            if (run is not null)
            {
                foreach (var pid in ProcessScan.WithEnvironment(RunVariable, run.Id, SharedEpmd))
                {
                    Posix.Signal(pid, Posix.SigKill);
                }
            }

            if (temporary)
            {
                InstanceDirectories.TryDelete(layout.InstanceDirectory);
            }

            return;
        }

        Posix.Signal(run.Process.Id, Posix.SigTerm);
        run.Process.WaitForExit(StopTimeout);
        KillRun();
    }

    /// <summary>One start of the node: its start script's process, its marker and its watchdog.</summary>
    private sealed record NodeRun(Process Process, string Id, Watchdog Watchdog) : IDisposable
    {
        public void Dispose()
        {
            Watchdog.Dispose();
            Process.Dispose();
        }
    }
}
