namespace CustomerHealth.Testing;

/// <summary>
/// Throwaway server directories live under <c>$TMPDIR/customerhealth-test/&lt;kind&gt;-&lt;random&gt;</c>, each
/// with an owner file naming the process that created it, so a later run can recognise orphans.
/// </summary>
internal static class InstanceDirectories
{
    public const string OwnerFileName = "owner";

    public static string Root { get; } = Path.Combine(Path.GetTempPath(), "customerhealth-test");

    public static string CreateTemporary(string kind)
    {
        StaleInstanceSweeper.SweepOnce();
        EnsureRoot();
        var directory = Path.Combine(Root, $"{kind}-{UniqueName.Random8()}");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, OwnerFileName), ProcessIdentity.Current.ToString());
        return directory;
    }

    public static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"CustomerHealth.Testing: could not delete {directory}: {e.Message}");
        }
    }

    private static void EnsureRoot()
    {
        if (Directory.Exists(Root))
        {
            return;
        }

        Directory.CreateDirectory(Root);
        if (!OperatingSystem.IsWindows())
        {
            // Shared like /tmp itself: a root run and a user run on one machine must both be able to create here.
            File.SetUnixFileMode(Root, (UnixFileMode)0b1_111_111_111);
        }
    }
}
