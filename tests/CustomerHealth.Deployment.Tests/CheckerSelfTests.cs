using System.Text.Json.Nodes;

namespace CustomerHealth.Deployment.Tests;

/// <summary>
/// Tests of the checker itself on a scratch copy of the repo: the real k8s/, tilt.json and Tiltfile
/// plus stand-in projects whose appsettings.json follow the convention (TestData/appsettings).
/// Proves the checks pass on conforming input and fail, with useful messages, on broken input.
/// </summary>
public sealed class CheckerSelfTests : IDisposable
{
    private static readonly (string Name, string Project)[] StandIns =
    [
        ("billing", "services/Billing/CustomerHealth.Billing.csproj"),
        ("scoring", "services/Scoring/CustomerHealth.Scoring.csproj"),
        ("usage", "services/Usage/CustomerHealth.Usage.csproj"),
        ("feedback", "services/Feedback/CustomerHealth.Feedback.csproj"),
        ("gateway", "gateway/CustomerHealth.Gateway.csproj"),
    ];

    private readonly string _root = Path.Combine(Path.GetTempPath(), "ch-deploy-" + Guid.NewGuid().ToString("N"));

    public CheckerSelfTests()
    {
        var real = RepoLayout.FindRoot();
        CopyDirectory(Path.Combine(real, "k8s"), Path.Combine(_root, "k8s"));
        File.Copy(Path.Combine(real, "tilt.json"), Path.Combine(_root, "tilt.json"));
        File.Copy(Path.Combine(real, "Tiltfile"), Path.Combine(_root, "Tiltfile"));
        File.WriteAllText(Path.Combine(_root, "CustomerHealth.sln"), string.Empty);

        var testData = Path.Combine(AppContext.BaseDirectory, "TestData", "appsettings");
        foreach (var (name, project) in StandIns)
        {
            var dir = Path.GetDirectoryName(Path.Combine(_root, project))!;
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(_root, project), "<Project Sdk=\"Microsoft.NET.Sdk.Web\" />");
            File.Copy(Path.Combine(testData, name + ".json"), Path.Combine(dir, "appsettings.json"));
        }

        // A library next to the services: must not be mistaken for a deployable service.
        Directory.CreateDirectory(Path.Combine(_root, "services/Contracts"));
        File.WriteAllText(Path.Combine(_root, "services/Contracts/CustomerHealth.Contracts.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Discovers_web_projects_and_skips_libraries()
    {
        var projects = RepoLayout.DiscoverWebProjects(_root);
        Assert.Equal(["billing", "feedback", "gateway", "scoring", "usage"], projects.Select(p => p.Name));
        Assert.Contains(projects, p => p.ProjectPath == "gateway/CustomerHealth.Gateway.csproj");
    }

    [Fact]
    public void Finds_the_root_from_a_nested_folder() =>
        Assert.Equal(_root, RepoLayout.FindRoot(Path.Combine(_root, "k8s", "base")));

    [Fact]
    public void Reads_required_keys_and_ports_from_appsettings()
    {
        var settings = AppSettings.Load(Path.Combine(_root, "services/Billing/appsettings.json"));
        Assert.Equal(["ConnectionStrings__Postgres", "ConnectionStrings__RabbitMq"], settings.RequiredFromEnvironment);
        Assert.Equal(5101, settings.KestrelPort(grpc: false).Port);
        Assert.Equal(5102, settings.KestrelPort(grpc: true).Port);

        var gateway = AppSettings.Load(Path.Combine(_root, "gateway/appsettings.json"));
        Assert.Equal(8, gateway.ProxyDestinationAddresses.Count());
    }

    [Fact]
    public void Committed_manifests_satisfy_conventional_projects()
    {
        var checker = new DeploymentChecker(_root);
        foreach (var project in checker.Projects)
        {
            DeploymentTests.AssertNone(checker.CheckProject(project), project.Name);
        }

        DeploymentTests.AssertNone(checker.CheckTiltMatchesDeployments(), "tilt");
        DeploymentTests.AssertNone(checker.CheckKustomizeReferences(), "kustomize");
        DeploymentTests.AssertNone(checker.CheckEveryManifestIsReferenced(), "unreferenced");
        DeploymentTests.AssertNone(checker.CheckPubSubComponent(), "pubsub");
        DeploymentTests.AssertNone(checker.CheckOverlays(), "overlays");
        DeploymentTests.AssertNone(checker.CheckTiltfile(), "Tiltfile");
    }

    [Fact]
    public void Broken_manifest_is_reported_precisely()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "broken", "billing.yaml"), Path.Combine(_root, "k8s/base/billing.yaml"), overwrite: true);
        var problems = string.Join("\n", Check("billing"));

        Assert.Contains("has no container port named 'grpc' (5102)", problems, StringComparison.Ordinal);
        Assert.Contains("Service 'billing' port 'http' is 5109, but appsettings.json's Kestrel endpoint uses 5101", problems, StringComparison.Ordinal);
        Assert.Contains("sets no env var ConnectionStrings__RabbitMq", problems, StringComparison.Ordinal);
        Assert.DoesNotContain("ConnectionStrings__Postgres", problems, StringComparison.Ordinal);
        Assert.Contains("readinessProbe is httpGet '/healthz' on port 'http', expected /healthz/ready", problems, StringComparison.Ordinal);
        Assert.Contains("dapr.io/app-port: \"5102\", expected \"5101\"", problems, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_gateway_override_and_wrong_port_are_reported()
    {
        var gateway = Path.Combine(_root, "k8s/base/gateway.yaml");
        var lines = File.ReadAllLines(gateway)
            .Where(l => !l.Contains("scoring-grpc__", StringComparison.Ordinal))
            .Select(l => l.Replace("http://usage:5301/", "http://usage:5302/", StringComparison.Ordinal));
        File.WriteAllLines(gateway, lines);

        var problems = string.Join("\n", Check("gateway"));
        Assert.Contains("does not override ReverseProxy__Clusters__scoring-grpc__Destinations__primary__Address", problems, StringComparison.Ordinal);
        Assert.Contains("cluster 'usage-rest' needs its 'http' port", problems, StringComparison.Ordinal);
    }

    [Fact]
    public void Tilt_json_disagreeing_with_appsettings_is_reported()
    {
        var path = Path.Combine(_root, "tilt.json");
        var tilt = JsonNode.Parse(File.ReadAllText(path))!;
        var services = tilt["services"]!.AsArray();
        services[0]!["http_port"] = 9999;
        services.RemoveAt(services.Count - 1);
        File.WriteAllText(path, tilt.ToJsonString());

        var checker = new DeploymentChecker(_root);
        var first = services[0]!["name"]!.GetValue<string>();
        Assert.Contains(checker.CheckProject(checker.Projects.Single(p => p.Name == first)), p => p.Contains("has http_port 9999", StringComparison.Ordinal));
        Assert.Contains(checker.CheckProject(checker.Projects.Single(p => p.Name == "gateway")), p => p.Contains("tilt.json has no service named 'gateway'", StringComparison.Ordinal));
        Assert.Contains(checker.CheckTiltMatchesDeployments(), p => p.Contains("Deployment 'gateway' but no tilt.json service", StringComparison.Ordinal));
    }

    [Fact]
    public void Project_without_manifests_is_reported()
    {
        Directory.CreateDirectory(Path.Combine(_root, "services/Alerts"));
        File.WriteAllText(Path.Combine(_root, "services/Alerts/CustomerHealth.Alerts.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk.Web\" />");
        File.Copy(Path.Combine(_root, "services/Billing/appsettings.json"), Path.Combine(_root, "services/Alerts/appsettings.json"));

        var problems = Check("alerts");
        Assert.Contains(problems, p => p.StartsWith("tilt.json has no service named 'alerts'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("no Deployment named 'alerts' in k8s/base", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("no Service named 'alerts' in k8s/base", StringComparison.Ordinal));
    }

    [Fact]
    public void Dangling_kustomize_reference_and_unlisted_manifest_are_reported()
    {
        File.AppendAllText(Path.Combine(_root, "k8s/overlays/dev/kustomization.yaml"), "components:\n  - ../../missing-component\n");
        File.WriteAllText(Path.Combine(_root, "k8s/base/forgotten.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: forgotten\n");

        var checker = new DeploymentChecker(_root);
        Assert.Contains(checker.CheckKustomizeReferences(), p => p.Contains("components entry '../../missing-component' does not exist", StringComparison.Ordinal));
        Assert.Contains(checker.CheckEveryManifestIsReferenced(), p => p.StartsWith("k8s/base/forgotten.yaml is not listed", StringComparison.Ordinal));
    }

    [Fact]
    public void Unscoped_pubsub_component_is_reported()
    {
        var path = Path.Combine(_root, "k8s/base/billing-pubsub.yaml");
        File.WriteAllText(path, File.ReadAllText(path).Replace("  - billing", "  - scoring", StringComparison.Ordinal));

        Assert.Contains(new DeploymentChecker(_root).CheckPubSubComponent(), p => p.Contains("is not scoped to 'billing'", StringComparison.Ordinal));
    }

    private IReadOnlyList<string> Check(string name)
    {
        var checker = new DeploymentChecker(_root);
        return checker.CheckProject(checker.Projects.Single(p => p.Name == name));
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
