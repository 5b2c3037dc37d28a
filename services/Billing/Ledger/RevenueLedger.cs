using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CustomerHealth.Billing.Ledger;

/// <summary>
/// One account's revenue ledger: every recorded event, kept in timeline order (effective time,
/// then occurrence, then event id), so late and out-of-order deliveries give the same ledger as
/// in-order ones. <see cref="AccountTimeline"/> derives MRR and payment state from it.
/// </summary>
/// <param name="OpenFailureSince">
/// The first failure of the oldest invoice still unpaid after every event: the involuntary-churn
/// watcher's index column. Null when no failed invoice is outstanding.
/// </param>
public sealed record RevenueLedger(string Id, IReadOnlyList<RevenueEventRecorded> Entries, DateTimeOffset? OpenFailureSince)
{
    public static RevenueLedger Empty(string accountId) => new(accountId, [], null);

    public RevenueLedger With(RevenueEventRecorded e)
    {
        // A billing system's event id cannot shadow a ledger decision with the same text, nor the reverse.
        if (Entries.Any(x => x.EventId == e.EventId && x.IsLedgerDecision == e.IsLedgerDecision))
        {
            return this;
        }

        var entries = new List<RevenueEventRecorded>(Entries.Count + 1);
        entries.AddRange(Entries);
        var at = entries.BinarySearch(e, TimelineOrder.Instance);
        entries.Insert(at < 0 ? ~at : at, e);
        return this with { Entries = entries, OpenFailureSince = AccountTimeline.OldestOpenFailure(entries) };
    }

    public RevenueLedger WithAll(IEnumerable<RevenueEventRecorded> events) => events.Aggregate(this, (ledger, e) => ledger.With(e));
}

/// <summary>Timeline order of ledger entries; decisions before events at the same effective time, and the event id breaks ties so the order is total.</summary>
public sealed class TimelineOrder : IComparer<RevenueEventRecorded>
{
    public static readonly TimelineOrder Instance = new();

    public int Compare(RevenueEventRecorded? x, RevenueEventRecorded? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var byEffect = x.EffectiveAt.CompareTo(y.EffectiveAt);
        if (byEffect != 0)
        {
            return byEffect;
        }

        // A decision taking effect at the same instant as an event comes first: a payment at the very
        // end of the grace window is then a late payment after the churn, as the grace rule says.
        var byDecision = y.IsLedgerDecision.CompareTo(x.IsLedgerDecision);
        if (byDecision != 0)
        {
            return byDecision;
        }

        var byOccurrence = x.OccurredAt.CompareTo(y.OccurredAt);
        return byOccurrence != 0 ? byOccurrence : string.CompareOrdinal(x.EventId, y.EventId);
    }
}

/// <summary>
/// The ledger as a Marten projection of the account's stream: the definition Marten rebuilds
/// ledgers with. Live recording stores the same document itself (RevenueEventRecorder).
/// </summary>
public sealed class RevenueLedgerProjection : SingleStreamProjection<RevenueLedger, string>
{
    public static RevenueLedger Create(IEvent<RevenueEventRecorded> e) => RevenueLedger.Empty(e.StreamKey!).With(e.Data);

    public static RevenueLedger Apply(RevenueEventRecorded e, RevenueLedger current) => current.With(e);
}
