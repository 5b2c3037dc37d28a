using System.Globalization;

namespace CustomerHealth.ScoringBench;

/// <summary>CPU seconds used by a process (and optionally its children, e.g. PostgreSQL backends), from /proc.</summary>
public static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <param name="withChildren">
    /// Adds the live children and, through the parent's cutime/cstime, the children that have exited
    /// (PostgreSQL backends come and go with connections).
    /// </param>
    public static double Seconds(int pid, bool withChildren = false)
    {
        var total = OwnSeconds(pid) + (withChildren ? ((Field(pid, 13) ?? 0) + (Field(pid, 14) ?? 0)) / TicksPerSecond : 0);
        if (withChildren)
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), out var child) && child != pid && ParentOf(child) == pid)
                {
                    total += OwnSeconds(child);
                }
            }
        }

        return total;
    }

    /// <summary>Reads /proc/loadavg: the machine is shared, so the record says how busy it was.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>The Erlang VM of the RabbitMQ node listening on <paramref name="amqpPort"/> (found by its environment), or -1.</summary>
    public static int RabbitMqNode(int amqpPort)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(dir), out var pid)
                    && File.ReadAllText(Path.Combine(dir, "comm")).Trim() == "beam.smp"
                    && File.ReadAllText(Path.Combine(dir, "environ")).Split('\0').Contains($"RABBITMQ_NODE_PORT={amqpPort}"))
                {
                    return pid;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone or not ours to read.
            }
        }

        return -1;
    }

    public static int ParentOf(int pid) => Field(pid, 1) is { } ppid ? (int)ppid : -1;

    private static double OwnSeconds(int pid) => ((Field(pid, 11) ?? 0) + (Field(pid, 12) ?? 0)) / TicksPerSecond;

    /// <summary>Field n after the command name in /proc/pid/stat (0 = state, 1 = ppid, 11 = utime, 12 = stime, 13/14 = waited-for children's).</summary>
    private static long? Field(int pid, int index)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return index < fields.Length && long.TryParse(fields[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
