using System.Globalization;

namespace CustomerHealth.UsageBench;

/// <summary>Command-line settings: <c>--name value</c> pairs, all optional.</summary>
internal sealed record BenchOptions
{
    public int Accounts { get; init; } = 10_000;
    public int UsersPerAccount { get; init; } = 50;
    public int Days { get; init; } = 30;
    public int Streams { get; init; } = 4;
    public int Seconds { get; init; } = 30;
    public int WarmupSeconds { get; init; } = 5;

    /// <summary>Events per stream message in the packed phase (the first phase always sends one).</summary>
    public int PackedEventsPerMessage { get; init; } = 200;

    public string Configuration { get; init; } = "Release";

    /// <summary>Send the ingest streams straight to the usage service instead of through the gateway (to separate the gateway's share).</summary>
    public bool IngestDirect { get; init; }

    /// <summary>Usage:Writers for the service (concurrent write transactions).</summary>
    public int Writers { get; init; } = 2;

    /// <summary>
    /// ICU locale for the bench database's default collation (e.g. <c>en-US</c>, like the official
    /// PostgreSQL image's en_US.utf8); empty keeps the server's C.UTF-8.
    /// </summary>
    public string DatabaseIcuLocale { get; init; } = "";

    /// <summary>Usage:SignalWindow in seconds (the service's default, 60); freshness is measured against it.</summary>
    public int SignalWindowSeconds { get; init; } = 60;

    /// <summary>Run the backfill case (a year of history for 1,000 accounts) instead of the throughput phases.</summary>
    public bool Backfill { get; init; }

    public int BackfillAccounts { get; init; } = 1_000;

    public int BackfillDays { get; init; } = 365;

    public int BackfillEventsPerDay { get; init; } = 5;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            options = args[i] switch
            {
                "--accounts" => options with { Accounts = Int(value) },
                "--users" => options with { UsersPerAccount = Int(value) },
                "--days" => options with { Days = Int(value) },
                "--streams" => options with { Streams = Int(value) },
                "--seconds" => options with { Seconds = Int(value) },
                "--warmup" => options with { WarmupSeconds = Int(value) },
                "--packed" => options with { PackedEventsPerMessage = Int(value) },
                "--configuration" => options with { Configuration = value },
                "--writers" => options with { Writers = Int(value) },
                "--ingest-direct" => options with { IngestDirect = bool.Parse(value) },
                "--database-icu-locale" => options with { DatabaseIcuLocale = value },
                "--signal-window" => options with { SignalWindowSeconds = Int(value) },
                "--backfill" => options with { Backfill = bool.Parse(value) },
                "--backfill-accounts" => options with { BackfillAccounts = Int(value) },
                "--backfill-days" => options with { BackfillDays = Int(value) },
                "--backfill-events-per-day" => options with { BackfillEventsPerDay = Int(value) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --accounts --users --days --streams --seconds --warmup --packed --configuration --writers --ingest-direct --database-icu-locale --signal-window --backfill --backfill-accounts --backfill-days --backfill-events-per-day"),
            };
        }

        return options;
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}
