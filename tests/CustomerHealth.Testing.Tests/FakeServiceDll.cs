namespace CustomerHealth.Testing.Tests;

/// <summary>The stand-in service built next to this project (see FakeService/).</summary>
internal static class FakeServiceDll
{
    public static string Path { get; } = System.IO.Path.Combine(
        RepositoryLayout.FindRoot(), "tests", "CustomerHealth.Testing.Tests", "FakeService", "bin",
        AppContext.BaseDirectory.Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug",
        "net10.0", "CustomerHealth.Testing.FakeService.dll");
}
