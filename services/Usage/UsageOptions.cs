using System.ComponentModel.DataAnnotations;

namespace CustomerHealth.Usage;

/// <summary>The "Usage" configuration section: limits, metric windows, core features and signal coalescing.</summary>
public sealed class UsageOptions
{
    public const string Section = "Usage";

    /// <summary>Raw events and daily aggregates older than this are dropped; older events are rejected.</summary>
    [Range(30, 3650)]
    public int RetentionDays { get; set; } = 400;

    /// <summary>The MAU window; stickiness and core feature adoption use it too.</summary>
    [Range(7, 90)]
    public int MauWindowDays { get; set; } = 28;

    /// <summary>The features whose adoption is measured, e.g. "reports", "integrations".</summary>
    public List<string> CoreFeatures { get; set; } = [];

    /// <summary>
    /// Live traffic yields at most one AccountUsageChangedV1 per account per window: an account's first
    /// change is published at once, later ones a window after its last signal.
    /// </summary>
    public TimeSpan SignalWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the publisher looks for signals that are due.</summary>
    public TimeSpan SignalPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How often committed changes are folded into pending signals: the delay a live change to an
    /// account without a recent signal can wait, and the cost of pacing under heavy traffic.
    /// </summary>
    public TimeSpan SignalSchedulePeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Accounts whose signals are written to the outbox in one transaction.</summary>
    [Range(1, 10_000)]
    public int SignalAccountsPerTransaction { get; set; } = 100;

    [Range(1, 100_000)]
    public int MaxBatchEvents { get; set; } = 10_000;

    [Range(1, 100_000)]
    public int MaxEventsPerStreamMessage { get; set; } = 10_000;

    /// <summary>Events per write transaction (one binary COPY and one merge statement).</summary>
    [Range(1, 100_000)]
    public int WriteChunkEvents { get; set; } = 5_000;

    /// <summary>A stream also writes what it has buffered once this much time has passed since the first buffered event.</summary>
    public TimeSpan StreamFlushInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Dedicated PostgreSQL connections for writes; bounds concurrent write transactions.</summary>
    [Range(1, 64)]
    public int Writers { get; set; } = 2;
}
