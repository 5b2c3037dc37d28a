namespace CustomerHealth.Testing;

/// <summary>
/// Stops and deletes throwaway servers whose creating process is gone (a test run that was killed
/// before its exit handlers ran). Runs once per process, before the first new server is created.
/// </summary>
internal static class StaleInstanceSweeper
{
    private static readonly TimeSpan OwnerlessGrace = TimeSpan.FromHours(1);
    private static readonly Lazy<bool> Swept = new(Sweep);

    public static void SweepOnce() => _ = Swept.Value;

    private static bool Sweep()
    {
        if (!Directory.Exists(InstanceDirectories.Root))
        {
            return true;
        }

        foreach (var directory in Directory.EnumerateDirectories(InstanceDirectories.Root))
        {
            try
            {
                if (IsOrphan(directory))
                {
                    StopLeftover(directory);
                    InstanceDirectories.TryDelete(directory);
                }
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"CustomerHealth.Testing: could not clean up {directory}: {e.Message}");
            }
        }

        return true;
    }

    private static bool IsOrphan(string directory)
    {
        var ownerFile = Path.Combine(directory, InstanceDirectories.OwnerFileName);
        if (!File.Exists(ownerFile))
        {
            // Either being created right now or from an unknown tool: only old ones are ours to remove.
            return DateTime.UtcNow - Directory.GetLastWriteTimeUtc(directory) > OwnerlessGrace;
        }

        var owner = ProcessIdentity.Parse(File.ReadAllText(ownerFile));
        return owner is not { IsAlive: true };
    }

    private static void StopLeftover(string directory)
    {
        var name = Path.GetFileName(directory);
        if (name.StartsWith(LocalPostgres.Kind + "-", StringComparison.Ordinal))
        {
            LocalPostgres.StopLeftover(directory);
        }
        else if (name.StartsWith(LocalRabbitMq.Kind + "-", StringComparison.Ordinal))
        {
            LocalRabbitMq.StopLeftover(directory);
        }
    }
}
