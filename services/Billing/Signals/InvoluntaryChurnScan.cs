using CustomerHealth.Billing.Ledger;
using CustomerHealth.Billing.RecordingRevenue;
using CustomerHealth.Billing.Reporting;
using CustomerHealth.ServiceDefaults.Persistence;
using Marten;
using Microsoft.Extensions.Options;

namespace CustomerHealth.Billing.Signals;

/// <summary>
/// Finds accounts whose payment failure has stayed unrecovered through the grace window, records
/// the churn decision in their ledger (InvoluntaryChurnDecisions) and queues their involuntary-churn
/// signals (RevenueChangedV1 to zero, SubscriptionCancelledV1 "involuntary").
/// Nothing new arrives to trigger those: only time passes, so a scan looks for them.
/// </summary>
public sealed class InvoluntaryChurnScan(IDocumentStore store, IOptions<BillingOptions> options)
{
    /// <summary>How far back a routine scan looks past the grace window; the first scan after start looks at everything.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(7);

    private const int AccountsPerTransaction = 200;

    /// <returns>How many signals were queued.</returns>
    public async Task<int> RunAsync(DateTimeOffset now, bool everything, CancellationToken ct)
    {
        var grace = options.Value.Grace;
        var cutoff = now - grace;
        var earliest = everything ? DateTimeOffset.MinValue : cutoff - Lookback;
        IReadOnlyList<string> due;
        await using (var query = store.QuerySession())
        {
            due = await query.Query<RevenueLedger>()
                .Where(l => l.OpenFailureSince != null && l.OpenFailureSince <= cutoff && l.OpenFailureSince > earliest)
                .Select(l => l.Id)
                .ToListAsync(ct);
        }

        var queued = 0;
        foreach (var chunk in due.Chunk(AccountsPerTransaction))
        {
            await using var session = store.LightweightSession();
            await session.LockForTransactionAsync(RevenueEventRecorder.LockScope, chunk, ct);
            var churn = new List<LedgerSignal>();
            foreach (var ledger in await session.LoadManyAsync<RevenueLedger>(ct, chunk))
            {
                var decisions = InvoluntaryChurnDecisions.Due(ledger, now, grace, options.Value.ReportingCurrency);
                var after = ledger.WithAll(decisions);
                if (decisions.Count > 0)
                {
                    // The decision is recorded when it is made, with the window used: a later change of
                    // the window does not move it.
                    session.Events.Append(ledger.Id, decisions.Cast<object>().ToArray());
                    session.Store(after);
                }

                churn.AddRange(SignalOutbox.QueueChanges(session, ledger, after, now, grace, options.Value.ReportingCurrency));
            }

            queued += await SignalOutbox.QueueChurnAsync(session, churn, now, ct);
            await session.SaveChangesAsync(ct);
        }

        return queued;
    }
}
