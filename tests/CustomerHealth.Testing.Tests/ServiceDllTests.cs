namespace CustomerHealth.Testing.Tests;

public sealed class ServiceDllTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "customerhealth-test", "layout-" + Guid.NewGuid().ToString("N")[..8]);

    public ServiceDllTests()
    {
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "CustomerHealth.sln"), "");
    }

    [Fact]
    public void A_service_is_found_under_services_by_its_project_name()
    {
        var dll = Touch("services/Billing/bin/Debug/net10.0/CustomerHealth.Billing.dll");

        Assert.Equal(dll, ServiceDll.Find("CustomerHealth.Billing", Caller("Debug")));
    }

    [Fact]
    public void The_gateway_is_found_under_gateway()
    {
        var dll = Touch("gateway/bin/Debug/net10.0/CustomerHealth.Gateway.dll");

        Assert.Equal(dll, ServiceDll.Find("CustomerHealth.Gateway", Caller("Debug")));
    }

    [Fact]
    public void The_callers_configuration_is_preferred_and_the_other_one_is_a_fallback()
    {
        Touch("services/Usage/bin/Debug/net10.0/CustomerHealth.Usage.dll");
        var release = Touch("services/Usage/bin/Release/net10.0/CustomerHealth.Usage.dll");
        var debugOnly = Touch("services/Scoring/bin/Debug/net10.0/CustomerHealth.Scoring.dll");

        Assert.Equal(release, ServiceDll.Find("CustomerHealth.Usage", Caller("Release")));
        Assert.Equal(debugOnly, ServiceDll.Find("CustomerHealth.Scoring", Caller("Release")));
    }

    [Fact]
    public void A_project_in_an_unconventional_folder_is_found_by_its_project_file()
    {
        Touch("services/Feedback/src/CustomerHealth.Feedback.csproj");
        var dll = Touch("services/Feedback/src/bin/Debug/net10.0/CustomerHealth.Feedback.dll");

        Assert.Equal(dll, ServiceDll.Find("CustomerHealth.Feedback", Caller("Debug")));
    }

    [Fact]
    public void A_service_that_is_not_built_fails_with_where_it_looked_and_how_to_build()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ServiceDll.Find("CustomerHealth.Billing", Caller("Debug")));

        Assert.Contains("dotnet build CustomerHealth.sln -c Debug", error.Message);
        Assert.Contains(Path.Combine(root, "services/Billing/bin/Debug/net10.0/CustomerHealth.Billing.dll"), error.Message);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Caller(string configuration)
    {
        var directory = Path.Combine(root, "tests", "Some.Tests", "bin", configuration, "net10.0");
        Directory.CreateDirectory(directory);
        return directory;
    }

    private string Touch(string relativePath)
    {
        var path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        return path;
    }
}
