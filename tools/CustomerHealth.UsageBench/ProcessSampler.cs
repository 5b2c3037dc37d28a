using System.Globalization;

namespace CustomerHealth.UsageBench;

/// <summary>Reads CPU time and resident memory of processes from /proc (Linux), to say where the time goes.</summary>
internal static class ProcessSampler
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>user + system CPU seconds of the process; with <paramref name="reapedChildren"/> also those of its children that have exited and been waited for.</summary>
    public static double CpuSeconds(int pid, bool reapedChildren = false)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After "pid (comm) ", field 3 (state) is index 0; utime is field 14 → index 11, stime 15 → 12,
            // cutime 16 → 13, cstime 17 → 14.
            long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
            return (Field(11) + Field(12) + (reapedChildren ? Field(13) + Field(14) : 0)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static int ParentOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The process and its direct children (PostgreSQL's postmaster and backends), running or exited:
    /// a backend whose pooled connection closed during a phase would otherwise take its CPU with it.
    /// </summary>
    public static double CpuSecondsWithChildren(int pid)
    {
        var total = CpuSeconds(pid, reapedChildren: true);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var child) && child != pid)
            {
                try
                {
                    if (ParentOf(child) == pid)
                    {
                        total += CpuSeconds(child);
                    }
                }
                catch (IOException)
                {
                }
            }
        }

        return total;
    }

    /// <summary>CPU seconds of every process with this command name (RabbitMQ's Erlang VM is beam.smp).</summary>
    public static double CpuSecondsOfCommand(string command)
    {
        var total = 0.0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                try
                {
                    if (File.ReadAllText($"/proc/{pid}/comm").Trim() == command)
                    {
                        total += CpuSeconds(pid);
                    }
                }
                catch (IOException)
                {
                }
            }
        }

        return total;
    }

    /// <summary>Busy CPU seconds of the whole machine (all cores, everything but idle and I/O wait), to show what the listed processes leave out.</summary>
    public static double MachineBusySeconds()
    {
        // "cpu  user nice system idle iowait irq softirq steal ..."
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
        return (Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8)) / TicksPerSecond;
    }

    public static long RssBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    /// <summary>Samples a process's RSS until cancelled and keeps the peak.</summary>
    public static async Task<long> PeakRssAsync(int pid, CancellationToken ct)
    {
        long peak = 0;
        while (!ct.IsCancellationRequested)
        {
            peak = Math.Max(peak, RssBytes(pid));
            await Task.Delay(200, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return peak;
    }
}
