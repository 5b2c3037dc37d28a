using System.Xml.Linq;

namespace CustomerHealth.Deployment.Tests;

/// <summary>An ASP.NET Core project found on disk: what k8s/ and tilt.json must describe.</summary>
/// <param name="Name">Lower-cased folder name (services/Billing → billing); also the Deployment, Service and Dapr app-id.</param>
/// <param name="ProjectPath">Repo-relative path with forward slashes, as tilt.json spells it.</param>
/// <param name="Directory">Absolute project folder (holds appsettings.json).</param>
public sealed record WebProject(string Name, string ProjectPath, string Directory)
{
    public override string ToString() => Name;
}

public static class RepoLayout
{
    /// <summary>Walks up from <paramref name="start"/> to the folder holding CustomerHealth.sln.</summary>
    public static string FindRoot(string? start = null)
    {
        start ??= AppContext.BaseDirectory;
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CustomerHealth.sln"))
                || File.Exists(Path.Combine(dir.FullName, "CustomerHealth.slnx")))
            {
                return dir.FullName;
            }
        }

        // Before the solution file exists the root is still recognisable by its fixed build files.
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props"))
                && File.Exists(Path.Combine(dir.FullName, "tilt.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No CustomerHealth.sln in {start} or any folder above it.");
    }

    /// <summary>
    /// Every services/*/*.csproj and gateway/*.csproj on the Web SDK. Libraries such as Contracts
    /// and ServiceDefaults use Microsoft.NET.Sdk and are skipped: they are not deployed.
    /// </summary>
    public static IReadOnlyList<WebProject> DiscoverWebProjects(string root)
    {
        var projects = new List<string>();
        var services = Path.Combine(root, "services");
        if (System.IO.Directory.Exists(services))
        {
            foreach (var dir in System.IO.Directory.GetDirectories(services))
            {
                projects.AddRange(System.IO.Directory.GetFiles(dir, "*.csproj"));
            }
        }

        var gateway = Path.Combine(root, "gateway");
        if (System.IO.Directory.Exists(gateway))
        {
            projects.AddRange(System.IO.Directory.GetFiles(gateway, "*.csproj"));
        }

        return projects
            .Where(IsWebProject)
            .Select(p => new WebProject(
                Path.GetFileName(Path.GetDirectoryName(p)!).ToLowerInvariant(),
                Path.GetRelativePath(root, p).Replace('\\', '/'),
                Path.GetDirectoryName(p)!))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>True for &lt;Project Sdk="Microsoft.NET.Sdk.Web"&gt; (also with a /version) or an &lt;Sdk Name=...&gt; element.</summary>
    public static bool IsWebProject(string csproj)
    {
        var project = XDocument.Load(csproj).Root;
        if (project is null)
        {
            return false;
        }

        var sdks = (project.Attribute("Sdk")?.Value ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(project.Elements("Sdk").Select(e => e.Attribute("Name")?.Value ?? string.Empty));
        return sdks.Any(s => s.Split('/')[0].Equals("Microsoft.NET.Sdk.Web", StringComparison.OrdinalIgnoreCase));
    }
}
