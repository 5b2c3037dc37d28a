using System.Globalization;

namespace CustomerHealth.UsageBench;

/// <summary>Reads CPU time and resident memory of processes from /proc (Linux), to say where the time goes.</summary>
internal static class ProcessSampler
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>user + system CPU seconds of the process.</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After "pid (comm) ", field 3 (state) is index 0; utime is field 14 → index 11, stime 15 → 12.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
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

    /// <summary>The process and its direct children (PostgreSQL's postmaster and backends).</summary>
    public static double CpuSecondsWithChildren(int pid)
    {
        var total = CpuSeconds(pid);
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
