using System.Globalization;

namespace CustomerHealth.Testing;

/// <summary>The installed PostgreSQL server tools (Debian layout: /usr/lib/postgresql/&lt;major&gt;/bin).</summary>
internal sealed record PostgresBinaries(string BinDirectory, int MajorVersion)
{
    public const string SearchPattern = "/usr/lib/postgresql/*/bin";
    private const string Root = "/usr/lib/postgresql";
    private const int PreferredMajorVersion = 15;

    public string InitDb => Path.Combine(BinDirectory, "initdb");

    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    public static bool ArePresent => Find() is not null;

    /// <summary>Version 15 when installed (production runs 15), otherwise the newest one there is.</summary>
    public static PostgresBinaries? Find()
    {
        if (!Directory.Exists(Root))
        {
            return null;
        }

        var installed = Directory.EnumerateDirectories(Root)
            .Select(dir => int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var major)
                ? new PostgresBinaries(Path.Combine(dir, "bin"), major)
                : null)
            .OfType<PostgresBinaries>()
            .Where(b => File.Exists(b.InitDb) && File.Exists(b.PgCtl))
            .ToList();
        return installed.FirstOrDefault(b => b.MajorVersion == PreferredMajorVersion)
               ?? installed.MaxBy(b => b.MajorVersion);
    }
}
