using System.Globalization;

namespace CustomerHealth.Testing;

/// <summary>
/// CPU seconds of processes and of the whole machine, from /proc (Linux): the benchmarks say where
/// the cores went with it. Returns 0 where /proc cannot be read.
/// </summary>
public static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <param name="withChildren">
    /// Adds the live children and, through the parent's cutime/cstime, the children that have exited
    /// (PostgreSQL backends come and go with connections).
    /// </param>
    public static double Seconds(int pid, bool withChildren = false)
    {
        var total = OwnSeconds(pid) + (withChildren ? ((Field(pid, 13) ?? 0) + (Field(pid, 14) ?? 0)) / TicksPerSecond : 0);
        if (withChildren)
        {
            foreach (var child in Pids())
            {
                if (child != pid && ParentOf(child) == pid)
                {
                    total += OwnSeconds(child);
                }
            }
        }

        return total;
    }

    /// <summary>CPU seconds of every process with this command name (RabbitMQ's Erlang VM is beam.smp).</summary>
    public static double SecondsOfCommand(string command) =>
        Pids().Where(pid => CommandOf(pid) == command).Sum(pid => OwnSeconds(pid));

    /// <summary>Busy CPU seconds of the whole machine (all cores, everything but idle and I/O wait), to show what the listed processes leave out.</summary>
    public static double MachineBusySeconds()
    {
        try
        {
            // "cpu  user nice system idle iowait irq softirq steal ..."
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long F(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
            return (F(1) + F(2) + F(3) + F(6) + F(7) + F(8)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Reads /proc/loadavg: the machine may be shared, so the record says how busy it was.</summary>
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
        foreach (var pid in Pids())
        {
            try
            {
                if (CommandOf(pid) == "beam.smp"
                    && File.ReadAllText($"/proc/{pid}/environ").Split('\0').Contains($"RABBITMQ_NODE_PORT={amqpPort}"))
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

    private static IEnumerable<int> Pids() =>
        Directory.EnumerateDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : -1).Where(pid => pid > 0);

    private static string? CommandOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

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
