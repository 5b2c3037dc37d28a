using System.Globalization;

namespace CustomerHealth.Testing;

/// <summary>
/// A process id plus its start time, so a recycled pid is not mistaken for the process that created
/// a server (used to find servers left behind by a crashed test run).
/// </summary>
internal readonly record struct ProcessIdentity(int Pid, long StartTicks)
{
    public static ProcessIdentity Current { get; } = Of(Environment.ProcessId) ?? new(Environment.ProcessId, 0);

    public bool IsAlive => Of(Pid) is { } now && now.StartTicks == StartTicks;

    public override string ToString() => $"{Pid} {StartTicks}";

    public static ProcessIdentity? Parse(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2
               && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
               && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? new ProcessIdentity(pid, ticks)
            : null;
    }

    public static ProcessIdentity? Of(int pid)
    {
        try
        {
            // Field 22 of /proc/<pid>/stat is the start time; the command name (field 2) may hold spaces, so split after ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return new ProcessIdentity(pid, long.Parse(fields[19], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
