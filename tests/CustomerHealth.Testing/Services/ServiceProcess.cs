using System.Diagnostics;

namespace CustomerHealth.Testing;

/// <summary>A built service assembly running as a child <c>dotnet</c> process.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ReadinessPollInterval = TimeSpan.FromMilliseconds(200);

    // A unique value in each child's environment lets the watchdog find exactly that child, never a recycled pid.
    private const string InstanceVariable = "CUSTOMERHEALTH_SERVICE_INSTANCE";
    private const int WatchdogGraceSeconds = 10;

    // Inherited values would fight the explicit Kestrel endpoints the caller passes.
    private static readonly string[] ClearedVariables = ["ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS"];

    private readonly Process process;
    private readonly OutputRingBuffer output;
    private readonly IDisposable exitRegistration;
    private readonly Watchdog watchdog;
    private bool released;

    private ServiceProcess(string name, Process process, OutputRingBuffer output, string instance)
    {
        Name = name;
        this.process = process;
        this.output = output;
        exitRegistration = ExitCleanup.Register($"service {name} (pid {process.Id})", KillAtExit);
        watchdog = Watchdog.Start(Watchdog.KillByEnvironment(InstanceVariable, instance, WatchdogGraceSeconds));
    }

    public string Name { get; }

    public int ProcessId => process.Id;

    public bool IsRunning => !released && !process.HasExited;

    /// <summary>The last ~500 lines of stdout and stderr.</summary>
    public string RecentOutput => output.ToString();

    /// <summary>
    /// Runs <c>dotnet <paramref name="dllPath"/></c> with <paramref name="environment"/> (plus
    /// ASPNETCORE_ENVIRONMENT=Development unless given) and waits until <paramref name="readinessUrl"/> answers 200.
    /// </summary>
    /// <param name="onOutputLine">Receives every output line prefixed with <c>[name] </c>, e.g. Console.WriteLine.</param>
    /// <exception cref="ServiceStartException">The process exited or was not ready within <paramref name="timeout"/>.</exception>
    public static async Task<ServiceProcess> StartAsync(
        string name,
        string dllPath,
        IDictionary<string, string> environment,
        Uri readinessUrl,
        TimeSpan timeout,
        Action<string>? onOutputLine = null,
        CancellationToken ct = default)
    {
        if (!File.Exists(dllPath))
        {
            throw new FileNotFoundException($"Cannot start {name}: {dllPath} does not exist. Build the solution first.", dllPath);
        }

        var output = new OutputRingBuffer(500);
        var instance = Guid.NewGuid().ToString("N");
        var process = CreateProcess(dllPath, environment, instance);
        DataReceivedEventHandler record = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            output.Add(e.Data);
            onOutputLine?.Invoke($"[{name}] {e.Data}");
        };
        process.OutputDataReceived += record;
        process.ErrorDataReceived += record;
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var service = new ServiceProcess(name, process, output, instance);
        try
        {
            await service.WaitUntilReadyAsync(readinessUrl, timeout, ct).ConfigureAwait(false);
            return service;
        }
        catch
        {
            service.Kill();
            service.Dispose();
            throw;
        }
    }

    /// <summary>Finds <c>&lt;repo&gt;/services/&lt;X&gt;/bin/&lt;Configuration&gt;/net10.0/&lt;projectName&gt;.dll</c> (gateway: <c>gateway/bin/…</c>).</summary>
    public static string FindServiceDll(string projectName) => ServiceDll.Find(projectName);

    /// <summary>As <see cref="FindServiceDll(string)"/>, but only in <paramref name="configuration"/> (Debug/Release).</summary>
    public static string FindServiceDll(string projectName, string configuration) => ServiceDll.Find(projectName, configuration: configuration);

    /// <summary>Asks the service to shut down (SIGTERM) and kills it if it has not exited within <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (released)
        {
            return;
        }

        if (IsRunning)
        {
            Posix.Signal(process.Id, Posix.SigTerm);
            using var deadline = new CancellationTokenSource(timeout ?? DefaultStopTimeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }

        Dispose();
    }

    /// <summary>Ends the process at once (SIGKILL), as a crash would.</summary>
    public void Kill()
    {
        if (released)
        {
            return;
        }

        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static Process CreateProcess(string dllPath, IDictionary<string, string> environment, string instance)
    {
        var info = new ProcessStartInfo(DotnetHost.Path)
        {
            ArgumentList = { dllPath },

            // The content root (appsettings.json) defaults to the working directory.
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(dllPath))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var variable in ClearedVariables)
        {
            info.Environment.Remove(variable);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        info.Environment[InstanceVariable] = instance;

        return new Process { StartInfo = info };
    }

    private async Task WaitUntilReadyAsync(Uri readinessUrl, TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var stopwatch = Stopwatch.StartNew();
        var lastAnswer = "no answer yet";
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (!IsRunning)
            {
                throw Failure($"exited with code {process.ExitCode} before {readinessUrl} answered 200");
            }

            try
            {
                using var response = await http.GetAsync(readinessUrl, ct).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                lastAnswer = $"last answer {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                lastAnswer = $"last error: {e.Message}";
            }

            if (stopwatch.Elapsed > timeout)
            {
                throw Failure($"was not ready at {readinessUrl} within {timeout.TotalSeconds:0} s ({lastAnswer})");
            }

            await Task.Delay(ReadinessPollInterval, ct).ConfigureAwait(false);
        }
    }

    private ServiceStartException Failure(string reason) => new(Name, reason, RecentOutput);

    private void KillAtExit()
    {
        // The host may be killed any moment now (VSTest does that): signal, do not wait.
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private void Dispose()
    {
        released = true;
        exitRegistration.Dispose();
        watchdog.Dispose();
        process.Dispose();
    }
}
