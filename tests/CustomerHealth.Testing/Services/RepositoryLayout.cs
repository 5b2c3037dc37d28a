namespace CustomerHealth.Testing;

/// <summary>Finds the repository from wherever a test or tool assembly runs.</summary>
public static class RepositoryLayout
{
    private static readonly string[] SolutionFileNames = ["CustomerHealth.sln", "CustomerHealth.slnx"];

    /// <summary>The solution file above <paramref name="startDirectory"/> (default: the running assembly's folder), or null.</summary>
    public static string? FindSolutionFile(string? startDirectory = null) =>
        Ancestors(startDirectory)
            .SelectMany(dir => SolutionFileNames.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// The folder holding the solution file; before one exists, the folder holding Directory.Packages.props
    /// (which only the repository root has).
    /// </summary>
    public static string FindRoot(string? startDirectory = null) =>
        Path.GetDirectoryName(FindSolutionFile(startDirectory))
        ?? Ancestors(startDirectory).FirstOrDefault(dir => File.Exists(Path.Combine(dir, "Directory.Packages.props")))
        ?? throw new DirectoryNotFoundException(
            $"No CustomerHealth.sln (or Directory.Packages.props) in {startDirectory ?? AppContext.BaseDirectory} or any folder above it.");

    private static IEnumerable<string> Ancestors(string? startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            yield return dir.FullName;
        }
    }
}
