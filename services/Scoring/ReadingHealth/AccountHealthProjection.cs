using CustomerHealth.Scoring.ReceivingSignals;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CustomerHealth.Scoring.ReadingHealth;

/// <summary>
/// Folds an account's stream into <see cref="AccountHealth"/>. Revenue is judged by when events
/// occurred, not when they arrived: a late event older than the latest one does not change MRR.
/// </summary>
public sealed class AccountHealthProjection : SingleStreamProjection<AccountHealth, string>
{
    public static AccountHealth Create(IEvent<RevenueRecorded> e) =>
        new(e.StreamKey!, e.Data.MrrMinor, e.Data.Currency, e.Data.Plan, LastOf(e.Data), 1, e.Data.ReceivedAt);

    public static AccountHealth Apply(RevenueRecorded e, AccountHealth current)
    {
        var counted = current with { RevenueEventCount = current.RevenueEventCount + 1, UpdatedAt = e.ReceivedAt };
        return current.LastRevenueEvent is { } last && e.OccurredAt < last.OccurredAt
            ? counted
            : counted with { MrrMinor = e.MrrMinor, Currency = e.Currency, Plan = e.Plan, LastRevenueEvent = LastOf(e) };
    }

    private static LastRevenueEvent LastOf(RevenueRecorded e) =>
        new(e.SourceEventId, e.Kind, e.MrrMinor, e.Currency, e.OccurredAt, e.Source);
}
