using System.Diagnostics;
using System.Globalization;

namespace CustomerHealth.Testing;

/// <summary>
/// A detached shell that waits for this process to end and then runs a clean-up script. Exit handlers do not
/// run when a test host is killed (VSTest kills it soon after the run, SIGKILL or a crash skip them too), so
/// servers and services are also guarded from outside. Disposing it (normal stop) cancels the clean-up.
/// </summary>
internal sealed class Watchdog : IDisposable
{
    private readonly Process? process;

    private Watchdog(Process? process) => this.process = process;

    public static Watchdog Start(string cleanupScript)
    {
        if (OperatingSystem.IsWindows())
        {
            return new Watchdog(null);
        }

        // Own session so terminal signals and group kills aimed at us miss it; own /dev/null output so it
        // never writes into a pipe whose reader is gone.
        var script = $"exec </dev/null >/dev/null 2>&1; while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {cleanupScript}";
        var info = new ProcessStartInfo("setsid") { ArgumentList = { "sh", "-c", script }, UseShellExecute = false };
        return new Watchdog(Process.Start(info));
    }

    /// <summary>Single-quotes <paramref name="value"/> for sh.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// Script that SIGKILLs every process started with <paramref name="variable"/>=<paramref name="value"/> in its
    /// environment (except <paramref name="exceptCommand"/>); first, when <paramref name="graceSeconds"/> &gt; 0, it
    /// sends SIGTERM to those named <paramref name="termCommand"/> (all when null) and waits for them to end.
    /// Matching on a unique environment entry cannot hit a recycled pid.
    /// </summary>
    public static string KillByEnvironment(string variable, string value, int graceSeconds, string? termCommand = null, string exceptCommand = "")
    {
        var entry = Quote($"{variable}={value}");
        var grace = graceSeconds.ToString(CultureInfo.InvariantCulture);
        var termFilter = termCommand is null ? "" : $" {Quote(termCommand)}";
        return $$"""
            pids() { for p in /proc/[0-9]*; do c=$(cat "$p/comm" 2>/dev/null); [ "$c" != {{Quote(exceptCommand)}} ] && [ -z "$1" -o "$c" = "$1" ] && tr '\0' '\n' < "$p/environ" 2>/dev/null | grep -qxF {{entry}} && echo "${p#/proc/}"; done; }
            if [ {{grace}} -gt 0 ]; then kill -TERM $(pids{{termFilter}}) 2>/dev/null; i=0; while [ -n "$(pids)" ] && [ $i -lt {{grace}} ]; do sleep 1; i=$((i+1)); done; fi
            kill -KILL $(pids) 2>/dev/null
            """;
    }

    public void Dispose()
    {
        if (process is null)
        {
            return;
        }

        Posix.SignalGroup(process.Id, Posix.SigKill);
        process.Dispose();
    }
}
