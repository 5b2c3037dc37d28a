using CustomerHealth.Billing.Ledger;
using CustomerHealth.Contracts.Billing;
using CustomerHealth.ServiceDefaults.Outbox;
using Marten;

namespace CustomerHealth.Billing.Signals;

/// <summary>Queues the signals a ledger change implies in the session's outbox (same transaction as the change).</summary>
public static class SignalOutbox
{
    /// <summary>Queues what <paramref name="after"/> implies and <paramref name="before"/> did not; returns the involuntary-churn signals, for <see cref="QueueChurnAsync"/>.</summary>
    public static IReadOnlyList<LedgerSignal> QueueChanges(
        IDocumentSession session, RevenueLedger? before, RevenueLedger after, DateTimeOffset now, TimeSpan grace, string defaultCurrency)
    {
        var known = before is null
            ? new HashSet<string>(StringComparer.Ordinal)
            : LedgerSignals.Derive(before, now, grace, defaultCurrency).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var churn = new List<LedgerSignal>();
        foreach (var signal in LedgerSignals.Derive(after, now, grace, defaultCurrency))
        {
            if (signal.InvoluntaryChurn)
            {
                churn.Add(signal);
            }
            else if (!known.Contains(signal.Key))
            {
                Queue(session, signal);
            }
        }

        return churn;
    }

    /// <summary>Queues the involuntary-churn signals not queued before, and remembers them.</summary>
    public static async Task<int> QueueChurnAsync(IDocumentSession session, IReadOnlyCollection<LedgerSignal> churn, DateTimeOffset now, CancellationToken ct)
    {
        if (churn.Count == 0)
        {
            return 0;
        }

        var queued = (await session.LoadManyAsync<InvoluntaryChurnNotice>(ct, churn.Select(s => s.Key).Distinct())).Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var fresh = churn.Where(s => !queued.Contains(s.Key)).ToList();
        foreach (var signal in fresh)
        {
            Queue(session, signal);
            session.Store(new InvoluntaryChurnNotice(signal.Key, AccountOf(signal.Message), now));
        }

        return fresh.Count;
    }

    private static void Queue(IDocumentSession session, LedgerSignal signal)
    {
        switch (signal.Message)
        {
            case RevenueChangedV1 m:
                session.PublishOnCommit(m, signal.MessageId);
                break;
            case PaymentFailedV1 m:
                session.PublishOnCommit(m, signal.MessageId);
                break;
            case PaymentRecoveredV1 m:
                session.PublishOnCommit(m, signal.MessageId);
                break;
            case SubscriptionCancelledV1 m:
                session.PublishOnCommit(m, signal.MessageId);
                break;
            case RenewalDateChangedV1 m:
                session.PublishOnCommit(m, signal.MessageId);
                break;
            default:
                throw new InvalidOperationException($"No outbox mapping for {signal.Message.GetType().Name}.");
        }
    }

    private static string AccountOf(object message) => message switch
    {
        RevenueChangedV1 m => m.AccountId,
        SubscriptionCancelledV1 m => m.AccountId,
        _ => "",
    };
}
