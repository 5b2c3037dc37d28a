using CustomerHealth.Billing.Ledger;
using CustomerHealth.Billing.Reporting;
using CustomerHealth.Billing.Signals;
using CustomerHealth.ServiceDefaults.Persistence;
using JasperFx;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Options;

namespace CustomerHealth.Billing.RecordingRevenue;

/// <summary>
/// Records revenue events once. Per batch, in one PostgreSQL transaction: the idempotency records,
/// the events on each account's stream (with the involuntary-churn decisions they make due) and
/// the account's updated ledger document, and the
/// outbox rows of the signals the new events imply. The accounts are locked for the transaction,
/// so the signals are derived from the ledger as it really was; an acknowledged event is never
/// lost and never published twice under different ids. Concurrent requests share transactions
/// (<see cref="LanedGroupCommit{TItem,TOutcome}"/>).
/// </summary>
public sealed class RevenueEventRecorder
{
    public const string LockScope = "billing-account";

    /// <summary>Events per shared transaction; larger batches are recorded alone.</summary>
    private const int GroupSize = 2_000;

    private readonly IDocumentStore store;
    private readonly TimeProvider clock;
    private readonly IOptions<BillingOptions> options;
    private readonly WrittenDocumentCache<RevenueLedger> written;

    /// <summary>Group-commit lanes over disjoint accounts (a third gave nothing more on two cores).</summary>
    private const int Lanes = 2;

    private readonly LanedGroupCommit<RecordRevenueEvent, RecordOutcome> _group;

    public RevenueEventRecorder(IDocumentStore store, TimeProvider clock, IOptions<BillingOptions> options, WrittenDocumentCache<RevenueLedger> written)
    {
        this.store = store;
        this.clock = clock;
        this.options = options;
        this.written = written;
        _group = new LanedGroupCommit<RecordRevenueEvent, RecordOutcome>(
            Lanes, c => StringComparer.Ordinal.GetHashCode(c.AccountId), commands => RecordNowAsync(commands, CancellationToken.None), GroupSize);
    }

    public async Task<RecordOutcome> RecordAsync(RecordRevenueEvent command, CancellationToken ct) =>
        (await RecordAsync([command], ct))[0];

    public Task<IReadOnlyList<RecordOutcome>> RecordAsync(IReadOnlyList<RecordRevenueEvent> commands, CancellationToken ct) =>
        _group.SubmitAsync(commands, ct);

    private async Task<IReadOnlyList<RecordOutcome>> RecordNowAsync(IReadOnlyList<RecordRevenueEvent> commands, CancellationToken ct)
    {
        // A retry only happens when a concurrent request inserted one of the ids first (e.g. the same
        // event id reused for another account, which the account lock does not cover).
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await TryRecordAsync(commands, ct);
            }
            catch (Exception ex) when (attempt < 2 && RecordedRevenueEvents.IsClaimedMeanwhile(ex))
            {
            }
        }
    }

    private async Task<IReadOnlyList<RecordOutcome>> TryRecordAsync(IReadOnlyList<RecordRevenueEvent> commands, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        await session.LockForTransactionAsync(LockScope, commands.Select(c => c.AccountId), ct);
        var existing = await RecordedRevenueEvents.LoadAsync(session, commands.Select(c => c.EventId), ct);
        var claimed = new List<RecordedRevenueEvent>();
        // To the microsecond, as PostgreSQL keeps it: the first answer's time is the one a duplicate reads back.
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % 10));
        var outcomes = new RecordOutcome[commands.Count];
        var fresh = new List<RecordRevenueEvent>();
        for (var i = 0; i < commands.Count; i++)
        {
            var command = commands[i];
            var fingerprint = command.Fingerprint();
            if (existing.TryGetValue(command.EventId, out var known))
            {
                outcomes[i] = new RecordOutcome(known.Fingerprint == fingerprint ? RecordStatus.Duplicate : RecordStatus.Conflict, known.RecordedAt);
                continue;
            }

            var record = new RecordedRevenueEvent(command.EventId, command.AccountId, fingerprint, now);
            existing[command.EventId] = record;
            claimed.Add(record);
            fresh.Add(command);
            outcomes[i] = new RecordOutcome(RecordStatus.Recorded, now);
        }

        if (fresh.Count == 0)
        {
            return outcomes;
        }

        RecordedRevenueEvents.Queue(session, claimed);
        var ledgers = await AppendAsync(session, fresh, now, ct);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch
        {
            written.Forget(ledgers.Select(l => l.Ledger.Id));
            throw;
        }

        // The stream's version after the append is the ledger's (WrittenLedgers).
        written.Remember(ledgers);
        return outcomes;
    }

    /// <returns>The ledgers stored, each with the append to its stream.</returns>
    private async Task<List<(RevenueLedger Ledger, StreamAction Appended)>> AppendAsync(IDocumentSession session, List<RecordRevenueEvent> fresh, DateTimeOffset now, CancellationToken ct)
    {
        var settings = options.Value;
        var accounts = fresh.GroupBy(c => c.AccountId, StringComparer.Ordinal).ToList();
        var ledgers = await written.LoadManyAsync(session, [.. accounts.Select(a => a.Key)], ct);
        var stored = new List<(RevenueLedger, StreamAction)>(accounts.Count);
        var churn = new List<LedgerSignal>();
        foreach (var account in accounts)
        {
            var events = account.Select(c => c.ToLedgerEvent(now)).ToList();
            var before = ledgers.GetValueOrDefault(account.Key);
            var after = (before ?? RevenueLedger.Empty(account.Key)).WithAll(events);
            // Decisions the new events make due: a churn whose window has ended (a backfill), or the
            // reversal of a churn that a late payment dated inside its window has overturned.
            var decisions = InvoluntaryChurnDecisions.Due(after, now, settings.Grace, settings.ReportingCurrency);
            events.AddRange(decisions);
            after = after.WithAll(decisions);
            var appended = session.Events.Append(account.Key, events.Cast<object>().ToArray());
            // The ledger as the projection would compute it, already in hand: storing it here saves
            // Marten loading every ledger a second time (RevenueLedgerProjection can rebuild them).
            session.Store(after);
            stored.Add((after, appended));
            churn.AddRange(SignalOutbox.QueueChanges(session, before, after, now, settings.Grace, settings.ReportingCurrency));
        }

        await SignalOutbox.QueueChurnAsync(session, churn, now, ct);
        return stored;
    }
}
