using System.Runtime.InteropServices;

namespace CustomerHealth.Testing;

/// <summary>What .NET does not expose: sending a chosen signal to a process or a process group.</summary>
internal static class Posix
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigQuit = 3;

    public static bool IsRoot => !OperatingSystem.IsWindows() && Environment.IsPrivilegedProcess;

    /// <summary>Sends <paramref name="signal"/> to one process; false when it no longer exists.</summary>
    public static bool Signal(int pid, int signal) => pid > 0 && kill(pid, signal) == 0;

    /// <summary>Sends <paramref name="signal"/> to every process of the group led by <paramref name="groupId"/>.</summary>
    public static bool SignalGroup(int groupId, int signal) => groupId > 1 && kill(-groupId, signal) == 0;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
