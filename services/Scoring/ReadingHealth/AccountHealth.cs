namespace CustomerHealth.Scoring.ReadingHealth;

/// <summary>What scoring knows of an account's health (projected from its stream).</summary>
public sealed record AccountHealth(
    string Id,
    long MrrMinor,
    string Currency,
    string Plan,
    LastRevenueEvent? LastRevenueEvent,
    long RevenueEventCount,
    DateTimeOffset UpdatedAt)
{
    public long ArrMinor => MrrMinor * 12;
}

public sealed record LastRevenueEvent(string EventId, string Kind, long MrrMinor, string Currency, DateTimeOffset OccurredAt, string Source);
