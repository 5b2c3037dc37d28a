using CustomerHealth.BillingBench;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or HelpRequested)
{
    Console.Error.WriteLine(ex is HelpRequested ? "" : ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return ex is HelpRequested ? 0 : 2;
}

Console.WriteLine($"CustomerHealth billing/feedback benchmark, {DateTimeOffset.UtcNow:u}, {Environment.ProcessorCount} cores, {Environment.MachineName}");
await using var system = await BenchSystem.StartAsync(options.ServiceSettings, options.PostgresSettings);
if (options.ThroughScoring)
{
    await ScoringHook.StartAsync(system);
}

if (options.Revenue)
{
    var run = await RevenueBench.RunAsync(system, options);
    if (options.ThroughScoring)
    {
        await ScoringHook.CountAsync(system, options, run);
    }

    Console.WriteLine(await system.DocumentSizesAsync());
}

if (options.Surveys)
{
    await SurveyBench.RunAsync(system, options);
}

return 0;
