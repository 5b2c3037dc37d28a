namespace CustomerHealth.Billing.Ledger;

/// <summary>
/// Involuntary churn as decisions recorded in the ledger. A churn is recorded when it is decided,
/// with the grace window used, so later changes to the window never move or undo it (the reported
/// history stays as it was). A recorded churn whose invoice turns out to have been paid inside the
/// window (the payment arrived after the decision) gets a reversal entry, and the timeline then
/// reads as if the churn had never happened.
/// </summary>
public static class InvoluntaryChurnDecisions
{
    /// <summary>The decisions <paramref name="ledger"/> is owed at <paramref name="now"/>: churns now due under <paramref name="grace"/>, reversals of overturned churns.</summary>
    public static IReadOnlyList<RevenueEventRecorded> Due(RevenueLedger ledger, DateTimeOffset now, TimeSpan grace, string defaultCurrency)
    {
        // Only a failure still open or a churn already recorded can make a decision due; most ledgers have neither.
        if (ledger.OpenFailureSince is null && !ledger.Entries.Any(e => e.Kind == RevenueEventKinds.InvoluntaryChurn))
        {
            return [];
        }

        var timeline = AccountTimeline.Build(ledger.Entries, new TimelineOptions(DateTimeOffset.MaxValue, now, grace, defaultCurrency));
        var decisions = new List<RevenueEventRecorded>();
        decisions.AddRange(timeline.InvoluntaryChurns.Where(c => !c.Declared).Select(c => Churn(c, grace, now)));
        decisions.AddRange(timeline.OverturnedChurns
            .Select(o => Reversal(o, now))
            .Where(r => !ledger.Entries.Any(e => e.EventId == r.EventId && e.IsLedgerDecision)));
        return decisions;
    }

    /// <summary>Id "{failure event id}/involuntary-churn", the id its signals have always carried.</summary>
    public static RevenueEventRecorded Churn(InvoluntaryChurn churn, TimeSpan grace, DateTimeOffset decidedAt) => new(
        $"{churn.FailureEventId}/involuntary-churn", RevenueEventKinds.InvoluntaryChurn, churn.Lost.Minor, churn.Lost.Currency, churn.At, churn.Plan,
        "billing", decidedAt, HasMrr: false, InvoiceId: churn.InvoiceId, Grace: grace, FailureEventId: churn.FailureEventId);

    /// <summary>Takes effect at the churn's own time and carries the MRR restored there.</summary>
    public static RevenueEventRecorded Reversal(OverturnedChurn overturned, DateTimeOffset decidedAt) => new(
        $"{overturned.Decision.FailureEventId}/involuntary-churn-reversed", RevenueEventKinds.InvoluntaryChurnReversed, overturned.MrrThen.Minor,
        overturned.MrrThen.Currency, overturned.Decision.OccurredAt, overturned.PlanThen, "billing", decidedAt, HasMrr: false,
        InvoiceId: overturned.Decision.InvoiceId, Grace: overturned.Decision.Grace, FailureEventId: overturned.Decision.FailureEventId,
        SettledByEventId: overturned.SettledByEventId);
}
