using CustomerHealth.Launcher;
using CustomerHealth.Testing;

var options = LauncherOptions.Parse(args);
if (options is null)
{
    Console.WriteLine(LauncherOptions.Usage);
    return args.Any(a => a is "-h" or "--help") ? 0 : 2;
}

using var shutdown = new ShutdownSignal();
var topology = ServiceTopology.Fixed;
LocalInfrastructure? infrastructure = null;
ServiceFleet? fleet = null;
try
{
    await Prerequisites.EnsureAsync(options, shutdown.Token);
    infrastructure = await LocalInfrastructure.StartAsync(RepositoryLayout.FindRoot(), topology.Infrastructure, shutdown.Token);
    if (!options.NoBuild)
    {
        await SolutionBuild.RunAsync(options.Configuration, shutdown.Token);
    }

    fleet = new ServiceFleet(topology, options.Configuration);
    await fleet.StartAsync(infrastructure, shutdown.Token);
    Banner.Print(topology, infrastructure);
    await shutdown.WaitAsync();
    return 0;
}
catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
{
    return 0;
}
catch (Exception e)
{
    // Expected failures carry a complete explanation; anything else needs its stack trace.
    var expected = e is ProvisioningUnavailableException or FileNotFoundException or ServiceStartException or InvalidOperationException;
    Console.Error.WriteLine();
    Console.Error.WriteLine($"CustomerHealth launcher: {(expected ? e.Message : e.ToString())}");
    return 1;
}
finally
{
    // Reverse order of starting; only what this run started.
    if (fleet is not null)
    {
        await fleet.DisposeAsync();
    }

    if (infrastructure is not null)
    {
        await infrastructure.DisposeAsync();
    }
}
