using System.Globalization;

namespace CustomerHealth.ScoringBench;

/// <summary>Scales of the run; the defaults are the issue's (100k accounts, 2k signals/s, 1M events).</summary>
public sealed record BenchOptions
{
    public static readonly IReadOnlyList<string> AllPhases = ["list", "latency", "rescore", "replay", "live-usage"];

    /// <summary>Accounts in the portfolio (at-risk lists, signal targets, rescoring).</summary>
    public int Accounts { get; init; } = 100_000;

    /// <summary>
    /// Signals per second published in the latency phase, one run each: a rate this 2-core machine
    /// sustains (latency without a backlog; 250/s already queued here) and the issue's 2,000/s.
    /// </summary>
    public IReadOnlyList<int> Rates { get; init; } = [150, 2_000];

    public int Seconds { get; init; } = 30;

    /// <summary>Measured ListAtRiskAccounts calls (after a warm-up of a tenth as many).</summary>
    public int ListCalls { get; init; } = 1_000;

    /// <summary>Events appended and replayed in the history phase.</summary>
    public int Events { get; init; } = 1_000_000;

    /// <summary>Accounts the replayed events belong to (events / accounts = a year of signals each).</summary>
    public int ReplayAccounts { get; init; } = 10_000;

    /// <summary>Accounts in steady use for a day in the live-usage phase (a usage snapshot each per minute).</summary>
    public int LiveUsageAccounts { get; init; } = 20;

    /// <summary>Parallel seeding writers (each with its own AccountScoring, so they never share lock stripes).</summary>
    public int SeedWriters { get; init; } = 2;

    public IReadOnlyList<string> Phases { get; init; } = AllPhases;

    public string Configuration { get; init; } = "Release";

    public bool Runs(string phase) => Phases.Contains(phase);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--accounts" => options with { Accounts = Int(value) },
                "--rates" => options with { Rates = [.. value.Split(',').Select(Int)] },
                "--seconds" => options with { Seconds = Int(value) },
                "--list-calls" => options with { ListCalls = Int(value) },
                "--events" => options with { Events = Int(value) },
                "--replay-accounts" => options with { ReplayAccounts = Int(value) },
                "--seed-writers" => options with { SeedWriters = Int(value) },
                "--live-usage-accounts" => options with { LiveUsageAccounts = Int(value) },
                "--phases" => options with { Phases = Phase(value) },
                "--configuration" => options with { Configuration = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --accounts --rates --seconds --list-calls --events --replay-accounts --seed-writers --live-usage-accounts --phases {string.Join(',', AllPhases)} --configuration"),
            };
            i++;
        }

        return options;
    }

    private static int Int(string value) => int.Parse(value.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static string[] Phase(string value)
    {
        var phases = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = phases.Except(AllPhases).ToList();
        return unknown.Count == 0 ? phases : throw new ArgumentException($"Unknown phase(s) {string.Join(", ", unknown)}; use {string.Join(",", AllPhases)}.");
    }
}
