namespace CustomerHealth.Testing;

/// <summary>Locates a built service assembly (services/&lt;X&gt;/bin/&lt;Configuration&gt;/net10.0/&lt;Project&gt;.dll).</summary>
internal static class ServiceDll
{
    private const string TargetFramework = "net10.0";
    private const string ProjectPrefix = "CustomerHealth.";
    private const string GatewayProject = "CustomerHealth.Gateway";

    /// <param name="configuration">Only this configuration; null: the caller's first, then the other one.</param>
    public static string Find(string projectName, string? startDirectory = null, string? configuration = null)
    {
        var root = RepositoryLayout.FindRoot(startDirectory);
        var configurations = configuration is null ? PreferredConfigurations(startDirectory ?? AppContext.BaseDirectory) : [configuration];
        var candidates = (
            from projectDirectory in ProjectDirectories(root, projectName)
            from config in configurations
            select Path.Combine(projectDirectory, "bin", config, TargetFramework, projectName + ".dll")).Distinct().ToList();

        return candidates.FirstOrDefault(File.Exists)
               ?? throw new FileNotFoundException(
                   $"{projectName}.dll is not built. Build it first (`dotnet build {Path.GetFileName(RepositoryLayout.FindSolutionFile(startDirectory)) ?? "CustomerHealth.sln"} -c {configurations[0]}`). "
                   + $"Looked for:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", candidates),
                   projectName + ".dll");
    }

    private static IEnumerable<string> ProjectDirectories(string root, string projectName)
    {
        // The conventional places first, then wherever the project file actually is.
        yield return projectName == GatewayProject
            ? Path.Combine(root, "gateway")
            : Path.Combine(root, "services", projectName.StartsWith(ProjectPrefix, StringComparison.Ordinal) ? projectName[ProjectPrefix.Length..] : projectName);

        foreach (var top in new[] { "services", "gateway" }.Select(name => Path.Combine(root, name)).Where(Directory.Exists))
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2 };
            foreach (var projectFile in Directory.EnumerateFiles(top, projectName + ".csproj", options))
            {
                yield return Path.GetDirectoryName(projectFile)!;
            }
        }
    }

    /// <summary>The configuration the caller was built with first, so Release tests run Release services.</summary>
    private static string[] PreferredConfigurations(string callerDirectory) =>
        callerDirectory.Replace('\\', '/').Contains("/bin/Release/", StringComparison.OrdinalIgnoreCase)
            ? ["Release", "Debug"]
            : ["Debug", "Release"];
}
