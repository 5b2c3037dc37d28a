using System.Diagnostics;
using CustomerHealth.Testing;

namespace CustomerHealth.Launcher;

internal static class SolutionBuild
{
    public static async Task RunAsync(string configuration, CancellationToken ct)
    {
        var solution = RepositoryLayout.FindSolutionFile()
                       ?? throw new InvalidOperationException("CustomerHealth.sln not found above the launcher; build the services yourself and pass --no-build.");
        Console.WriteLine($"Building {Path.GetFileName(solution)} ({configuration})…");
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { "build", solution, "-c", configuration, "--nologo", "-v", "quiet" },
            WorkingDirectory = Path.GetDirectoryName(solution)!,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`dotnet build {Path.GetFileName(solution)} -c {configuration}` failed (see above).");
        }
    }
}
