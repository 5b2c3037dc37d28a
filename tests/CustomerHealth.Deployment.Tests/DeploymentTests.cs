namespace CustomerHealth.Deployment.Tests;

/// <summary>
/// Checks the real repository: every web project found on disk must be deployable through
/// k8s/ and runnable through Tilt. A failure names the project and what is missing.
/// </summary>
public sealed class DeploymentTests
{
    private static readonly Lazy<DeploymentChecker> Checker = new(() => new DeploymentChecker(RepoLayout.FindRoot()));

    /// <summary>Names of the web projects on disk (services/*/*.csproj and gateway/*.csproj on the Web SDK).</summary>
    public static TheoryData<string> WebProjects()
    {
        var data = new TheoryData<string>();
        foreach (var project in Checker.Value.Projects)
        {
            data.Add(project.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WebProjects))]
    public void Web_project_is_deployed_and_wired_into_tilt(string name)
    {
        var project = Checker.Value.Projects.Single(p => p.Name == name);
        AssertNone(Checker.Value.CheckProject(project), $"{project.ProjectPath} is not fully deployable");
    }

    [Fact]
    public void Web_projects_are_found_on_disk() =>
        Assert.True(Checker.Value.Projects.Count > 0, "no services/*/*.csproj or gateway/*.csproj with Sdk=\"Microsoft.NET.Sdk.Web\" was found");

    [Fact]
    public void Tilt_services_and_k8s_deployments_match_one_to_one() =>
        AssertNone(Checker.Value.CheckTiltMatchesDeployments(), "tilt.json and k8s/base disagree");

    [Fact]
    public void Kustomizations_only_reference_existing_files() =>
        AssertNone(Checker.Value.CheckKustomizeReferences(), "a kustomization names a missing file");

    [Fact]
    public void Every_manifest_is_listed_in_a_kustomization() =>
        AssertNone(Checker.Value.CheckEveryManifestIsReferenced(), "manifests that no overlay deploys");

    [Fact]
    public void Billing_pubsub_component_is_scoped_to_billing() =>
        AssertNone(Checker.Value.CheckPubSubComponent(), "the Dapr pub/sub component is wrong");

    [Fact]
    public void Overlays_split_dev_infra_and_prod_disruption_budgets() =>
        AssertNone(Checker.Value.CheckOverlays(), "the overlays are wrong");

    [Fact]
    public void Tiltfile_reads_tilt_json() =>
        AssertNone(Checker.Value.CheckTiltfile(), "the Tiltfile is wrong");

    internal static void AssertNone(IReadOnlyList<string> problems, string title)
    {
        if (problems.Count > 0)
        {
            Assert.Fail($"{title}:{Environment.NewLine}  - {string.Join($"{Environment.NewLine}  - ", problems)}");
        }
    }
}
