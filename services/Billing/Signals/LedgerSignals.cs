using CustomerHealth.Billing.Ledger;
using CustomerHealth.Contracts.Billing;
using CustomerHealth.ServiceDefaults.Resilience;

namespace CustomerHealth.Billing.Signals;

/// <summary>An integration event the ledger implies, with its stable key (its message id is derived from it).</summary>
/// <param name="InvoluntaryChurn">Published once per key through an <see cref="InvoluntaryChurnNotice"/>: it depends on time passing, not on a new event.</param>
public sealed record LedgerSignal(string Key, object Message, bool InvoluntaryChurn)
{
    public Guid MessageId => DeterministicGuid.From(Key);
}

/// <summary>
/// The integration events an account's ledger implies as of a moment. A pure function of the
/// ledger, so publishing "what the new ledger implies minus what the old one did" sends each
/// signal once, whatever order the events arrived in. Keys match the message ids the walking
/// skeleton used ("billing/revenue/{event id}").
/// </summary>
public static class LedgerSignals
{
    public const string InvoluntaryReason = "involuntary";

    public static IReadOnlyList<LedgerSignal> Derive(RevenueLedger ledger, DateTimeOffset now, TimeSpan grace, string defaultCurrency)
    {
        var account = ledger.Id;
        var timeline = AccountTimeline.Build(ledger.Entries, new TimelineOptions(DateTimeOffset.MaxValue, now, grace, defaultCurrency));
        var currency = timeline.Mrr.Currency;
        var signals = new List<LedgerSignal>();
        foreach (var e in ledger.Entries)
        {
            if (e.StatedMrr(currency) is { } mrr)
            {
                signals.Add(Revenue(e.EventId, new RevenueChangedV1(e.EventId, account, e.Kind, mrr.Minor, mrr.Currency, e.OccurredAt, e.Plan, e.Source, e.RecordedAt)));
            }

            if (e.Kind == RevenueEventKinds.PaymentFailed)
            {
                signals.Add(new LedgerSignal($"billing/payment-failed/{e.EventId}", new PaymentFailedV1(
                    e.EventId, account, e.InvoiceId ?? e.EventId, e.Amount?.Minor ?? 0, e.Amount?.Currency ?? currency, e.DueAt ?? e.OccurredAt, e.OccurredAt), false));
            }

            if (e.Kind == RevenueEventKinds.SubscriptionCancelled)
            {
                var point = timeline.Points.FirstOrDefault(p => p.EventId == e.EventId && p.Cause == e.Kind);
                var lost = point is null || point.Previous.Currency != point.Mrr.Currency ? point?.Previous.Minor ?? 0 : point.Previous.Minor - point.Mrr.Minor;
                signals.Add(new LedgerSignal($"billing/cancelled/{e.EventId}", new SubscriptionCancelledV1(
                    e.EventId, account, string.IsNullOrEmpty(e.Reason) ? "unspecified" : e.Reason,
                    e.EffectiveDate ?? DateOnly.FromDateTime(e.OccurredAt.UtcDateTime), Math.Max(0, lost), point?.Previous.Currency ?? currency, e.OccurredAt), false));
            }

            if (e.Kind == RevenueEventKinds.InvoluntaryChurnReversed)
            {
                // Dated at the churn it undoes, so "latest MRR by OccurredAt" lands on the restored MRR;
                // its id sorts after the churn's ("…/involuntary-churn-reversed") for consumers that break ties by id.
                signals.Add(Revenue(e.EventId, new RevenueChangedV1(e.EventId, account, e.Kind, e.MrrMinor, e.Currency, e.OccurredAt, e.Plan, e.Source, e.RecordedAt)));
            }

            if (e.RenewalDate is { } renewal)
            {
                signals.Add(new LedgerSignal($"billing/renewal/{e.EventId}", new RenewalDateChangedV1(e.EventId, account, renewal, e.OccurredAt), false));
            }
        }

        var byId = ledger.Entries.ToDictionary(e => e.EventId, StringComparer.Ordinal);
        foreach (var restored in timeline.Points.Where(p => byId.TryGetValue(p.EventId, out var e) && !e.HasMrr && p.Cause == e.Kind && p.Cause != RevenueEventKinds.SubscriptionCancelled))
        {
            var e = byId[restored.EventId];
            signals.Add(Revenue(e.EventId, new RevenueChangedV1(e.EventId, account, e.Kind, restored.Mrr.Minor, restored.Mrr.Currency, e.OccurredAt, timeline.Plan, e.Source, e.RecordedAt)));
        }

        foreach (var s in timeline.Settlements)
        {
            var id = s.OneOfSeveral ? $"{s.EventId}/{s.InvoiceId}" : s.EventId;
            signals.Add(new LedgerSignal($"billing/payment-recovered/{id}", new PaymentRecoveredV1(
                id, account, s.InvoiceId, s.Amount?.Minor ?? 0, s.Amount?.Currency ?? currency, s.At), false));
        }

        foreach (var churn in timeline.InvoluntaryChurns)
        {
            var id = $"{churn.FailureEventId}/involuntary-churn";
            signals.Add(new LedgerSignal($"billing/revenue/{id}", new RevenueChangedV1(
                id, account, RevenueEventKinds.InvoluntaryChurn, 0, churn.Lost.Currency, churn.At, timeline.Plan, "billing", churn.At), true));
            signals.Add(new LedgerSignal($"billing/cancelled/{id}", new SubscriptionCancelledV1(
                id, account, InvoluntaryReason, DateOnly.FromDateTime(churn.At.UtcDateTime), churn.Lost.Minor, churn.Lost.Currency, churn.At), true));
        }

        return signals;
    }

    private static LedgerSignal Revenue(string eventId, RevenueChangedV1 message) => new($"billing/revenue/{eventId}", message, false);
}
