using System.Globalization;

namespace CustomerHealth.BillingBench;

/// <summary>Command-line options; every one has a default that runs the scenario.</summary>
public sealed record BenchOptions
{
    public int RevenueSeconds { get; init; } = 60;

    /// <summary>Revenue load before the measured phase (services warm, as in production), waited out to the end before measuring.</summary>
    public int WarmupSeconds { get; init; } = 20;

    /// <summary>Target revenue events per second; 0 sends as fast as billing answers.</summary>
    public int RevenueRate { get; init; } = 2_000;

    public int RevenueBatch { get; init; } = 500;

    public int Accounts { get; init; } = 5_000;

    public int Senders { get; init; } = 4;

    public int SurveySeconds { get; init; } = 20;

    /// <summary>0: as fast as feedback answers.</summary>
    public int SurveyRate { get; init; }

    public int SurveyBatch { get; init; } = 1_000;

    public bool Revenue { get; init; } = true;

    public bool Surveys { get; init; } = true;

    /// <summary>
    /// HOOK for the end-to-end figure (ingest → RabbitMQ → scoring → Marten): also runs scoring, waits until
    /// scoring's store counts every accepted event, then sums GetAccountHealth.revenue_event_count over every account.
    /// </summary>
    public bool ThroughScoring { get; init; }

    /// <summary>Extra environment for a service process (experiments with its settings), by service name.</summary>
    public IReadOnlyList<(string Service, string Key, string Value)> ServiceSettings { get; init; } = [];

    /// <summary>Extra <c>alter system</c> settings for the bench's PostgreSQL (experiments), e.g. <c>wal_compression = on</c>.</summary>
    public IReadOnlyList<string> PostgresSettings { get; init; } = [];

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--revenue-seconds" => options with { RevenueSeconds = Int() },
                "--warmup-seconds" => options with { WarmupSeconds = Int() },
                "--revenue-rate" => options with { RevenueRate = Int() },
                "--revenue-batch" => options with { RevenueBatch = Int() },
                "--accounts" => options with { Accounts = Int() },
                "--senders" => options with { Senders = Int() },
                "--survey-seconds" => options with { SurveySeconds = Int() },
                "--survey-rate" => options with { SurveyRate = Int() },
                "--survey-batch" => options with { SurveyBatch = Int() },
                "--no-revenue" => options with { Revenue = false },
                "--no-surveys" => options with { Surveys = false },
                "--through-scoring" => options with { ThroughScoring = true },
                "--service-setting" => options with { ServiceSettings = [.. options.ServiceSettings, ServiceSetting(Next())] },
                "--postgres-setting" => options with { PostgresSettings = [.. options.PostgresSettings, Next()] },
                "--help" or "-h" => throw new HelpRequested(),
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        return options;
    }

    private static (string, string, string) ServiceSetting(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return colon > 0 && equals > colon + 1
            ? (text[..colon], text[(colon + 1)..equals], text[(equals + 1)..])
            : throw new ArgumentException($"--service-setting wants service:Key=value (e.g. scoring:Scoring__Intake__Lanes=1), not {text}.");
    }

    public const string Usage = """
        dotnet run -c Release --project tools/CustomerHealth.BillingBench -- [options]
          --revenue-seconds N   sustain revenue ingest for N seconds (60)
          --warmup-seconds N    revenue load before the measured phase, not measured (20; 0 = none)
          --revenue-rate N      target revenue events/s, 0 = as fast as possible (2000)
          --revenue-batch N     events per RecordRevenueEvents call (500)
          --accounts N          distinct accounts (5000)
          --senders N           concurrent callers (4)
          --survey-seconds N    survey ingest duration (20)
          --survey-rate N       target survey responses/s, 0 = as fast as possible (0)
          --survey-batch N      responses per SubmitSurveyResponses call (1000)
          --no-revenue | --no-surveys
          --through-scoring     HOOK: also run scoring and count revenue_event_count end to end
          --service-setting S:K=V  environment variable K=V for service S (billing, feedback, scoring); repeatable
          --postgres-setting "K = V"  alter system setting for the bench's PostgreSQL; repeatable
        """;
}

public sealed class HelpRequested : Exception;
