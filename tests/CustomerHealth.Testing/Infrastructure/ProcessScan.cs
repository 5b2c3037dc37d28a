namespace CustomerHealth.Testing;

/// <summary>Finds processes by an environment variable they were started with (Linux /proc).</summary>
internal static class ProcessScan
{
    /// <summary>
    /// Pids whose environment holds exactly <paramref name="name"/>=<paramref name="value"/>. A server's data
    /// directory is unique, so this finds that server's processes and no one else's, even after a crash.
    /// </summary>
    public static IReadOnlyList<int> WithEnvironment(string name, string value, params string[] exceptCommands)
    {
        var wanted = $"{name}={value}";
        var found = new List<int>();
        if (!Directory.Exists("/proc"))
        {
            return found;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
                if (!environment.Contains(wanted, StringComparer.Ordinal))
                {
                    continue;
                }

                var command = File.ReadAllText(Path.Combine(dir, "comm")).Trim();
                if (!exceptCommands.Contains(command, StringComparer.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or someone else's process.
            }
        }

        return found;
    }
}
