using System.Globalization;

namespace CustomerHealth.UsageBench;

/// <summary>Reads resident memory of processes from /proc (Linux); CPU time comes from <see cref="CustomerHealth.Testing.ProcessCpu"/>.</summary>
internal static class ProcessMemory
{
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
