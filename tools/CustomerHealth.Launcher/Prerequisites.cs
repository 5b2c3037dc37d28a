using System.Diagnostics;
using CustomerHealth.Testing;

namespace CustomerHealth.Launcher;

/// <summary>Installs the missing server packages with apt when allowed (root, or --install with sudo).</summary>
internal static class Prerequisites
{
    private const string AptLists = "/var/lib/apt/lists";

    public static async Task EnsureAsync(LauncherOptions options, CancellationToken ct)
    {
        var missing = LocalServerBinaries.MissingPackages();
        if (missing.Count == 0 || !(Environment.IsPrivilegedProcess || options.Install) || !File.Exists("/usr/bin/apt-get"))
        {
            // Without them provisioning falls back to Docker, or fails saying what to install.
            return;
        }

        Console.WriteLine($"Installing {string.Join(", ", missing)} with apt-get…");
        if (!HasPackageLists())
        {
            await AptAsync(["update"], ct);
        }

        if (await AptAsync(["install", "-y", .. missing], ct) != 0)
        {
            // Stale lists can lack the package; one refresh is worth a try.
            await AptAsync(["update"], ct);
            if (await AptAsync(["install", "-y", .. missing], ct) != 0)
            {
                throw new InvalidOperationException($"apt-get install -y {string.Join(' ', missing)} failed (see above).");
            }
        }
    }

    private static bool HasPackageLists() =>
        Directory.Exists(AptLists) && Directory.EnumerateFiles(AptLists, "*_Packages*").Any();

    private static async Task<int> AptAsync(string[] arguments, CancellationToken ct)
    {
        var info = new ProcessStartInfo(Environment.IsPrivilegedProcess ? "apt-get" : "sudo") { UseShellExecute = false };
        if (!Environment.IsPrivilegedProcess)
        {
            info.ArgumentList.Add("apt-get");
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(info)!;
        await process.WaitForExitAsync(ct);
        return process.ExitCode;
    }
}
