using CustomerHealth.Contracts.Scoring;
using CustomerHealth.Scoring.Alerts;
using CustomerHealth.Scoring.Portfolio;
using CustomerHealth.Scoring.Scorecards;
using CustomerHealth.Scoring.Signals;
using CustomerHealth.ServiceDefaults.Outbox;
using CustomerHealth.ServiceDefaults.Persistence;
using CustomerHealth.ServiceDefaults.Resilience;
using Marten;
using Microsoft.Extensions.Options;

namespace CustomerHealth.Scoring.Accounts;

/// <summary>
/// The one write path of scoring. A batch of changes (signals from any source, directory updates,
/// overrides, alert actions, rescoring) is applied per account in one transaction: the stream
/// events, the aggregate, the read model, the alerts and the outbox messages commit together.
/// Redelivered signals are dropped by source id.
/// </summary>
public sealed class AccountScoring(
    IDocumentStore store, ScorecardBook scorecards, IOptions<ChurnRiskRuleSettings> rules, AccountLocks locks, WrittenDocumentCache<ScoredAccount> written, TimeProvider clock)
{
    public const string AlertChannel = "scoring_alert_changes";

    public async Task<BatchOutcome> ApplyAsync(IReadOnlyList<AccountChange> changes, CancellationToken ct)
    {
        var versions = await scorecards.VersionsAsync(ct);
        using var held = await locks.AcquireAsync(changes.Select(c => c.AccountId), ct);
        await using var session = store.LightweightSession();
        var accountIds = changes.Select(c => c.AccountId).Distinct(StringComparer.Ordinal).ToArray();
        var accounts = await written.LoadManyAsync(session, accountIds, ct);
        var fresh = DropRedeliveries(changes, accounts);
        if (fresh.Count == 0)
        {
            return new BatchOutcome(0, changes.Count);
        }

        var shown = await ShownHealthAsync(session, accounts, fresh, ct);
        var alerts = await KnownAlerts.LoadAsync(session, accounts.Values, fresh, ct);
        var totals = new PortfolioTotalsChange();
        var now = clock.GetUtcNow();
        var kept = new List<ScoredAccount>();
        foreach (var group in fresh.GroupBy(c => c.AccountId, StringComparer.Ordinal))
        {
            var stored = accounts.GetValueOrDefault(group.Key);
            var previous = shown.GetValueOrDefault(group.Key);
            var (persisted, health) = await ApplyToAccountAsync(session, stored, previous, [.. group], versions, alerts, now, ct);
            kept.Add(persisted);
            totals.Replace(previous, health);
        }

        // Last, so the shared totals rows are locked only for the commit itself.
        totals.QueueOn(session);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch
        {
            written.Forget(accountIds);
            throw;
        }

        written.Remember(session, kept);
        return new BatchOutcome(fresh.Count, changes.Count - fresh.Count);
    }

    /// <summary>
    /// The health each account's last write left, from its aggregate; only accounts whose aggregate
    /// does not carry it (new, stored before it was kept, or rebuilt offline) read their health document.
    /// </summary>
    private static async Task<Dictionary<string, ShownHealth>> ShownHealthAsync(
        IDocumentSession session, Dictionary<string, ScoredAccount> accounts, List<AccountChange> fresh, CancellationToken ct)
    {
        var shown = new Dictionary<string, ShownHealth>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var id in fresh.Select(c => c.AccountId).Distinct(StringComparer.Ordinal))
        {
            if (accounts.GetValueOrDefault(id)?.Shown is { } s)
            {
                shown[id] = s;
            }
            else
            {
                unknown.Add(id);
            }
        }

        if (unknown.Count > 0)
        {
            foreach (var health in await session.LoadManyAsync<AccountHealth>(ct, unknown))
            {
                shown[health.Id] = ShownHealth.Of(health);
            }
        }

        return shown;
    }

    /// <summary>
    /// A signal is a redelivery when its account's facts already hold its source id (they commit with
    /// the stream append), or when the batch carried it before. A usage snapshot the facts hold a later
    /// one of its hour or day for is dropped too: it would change nothing, and its id may no longer be
    /// held. Two instances applying one signal at once cannot both commit: the aggregate's version check fails one.
    /// </summary>
    private static List<AccountChange> DropRedeliveries(IReadOnlyList<AccountChange> changes, Dictionary<string, ScoredAccount> accounts)
    {
        var seen = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var fresh = new List<AccountChange>(changes.Count);
        foreach (var change in changes)
        {
            if (change is SignalReceived s)
            {
                var stored = accounts.GetValueOrDefault(s.AccountId);
                if (!seen.TryGetValue(s.AccountId, out var ids))
                {
                    ids = stored?.Facts.SourceIds() ?? new HashSet<string>(StringComparer.Ordinal);
                    seen[s.AccountId] = ids;
                }

                if (stored?.Facts.Supersedes(s.Signal) == true || !ids.Add(s.Signal.SourceId))
                {
                    continue;
                }
            }

            fresh.Add(change);
        }

        return fresh;
    }

    /// <returns>The aggregate as the database holds it once the session commits, and the health it shows.</returns>
    private async Task<(ScoredAccount Persisted, ShownHealth Shown)> ApplyToAccountAsync(
        IDocumentSession session,
        ScoredAccount? stored,
        ShownHealth? previousHealth,
        IReadOnlyList<AccountChange> changes,
        IReadOnlyList<Scorecard> versions,
        KnownAlerts knownAlerts,
        DateTimeOffset now,
        CancellationToken ct)
    {
        var account = stored ?? ScoredAccount.New(changes[0].AccountId);
        var streamEvents = new List<object>();
        var movedBy = new List<string>();
        var earliestSignal = (DateTimeOffset?)null;
        var alertActions = new List<object>();
        foreach (var change in changes)
        {
            switch (change)
            {
                case SignalReceived { Signal: var signal }:
                    account = account with { Facts = account.Facts.Apply(signal) };
                    streamEvents.Add(signal);
                    movedBy.Add(signal.SourceId);
                    earliestSignal = earliestSignal is { } e && e < signal.OccurredAt ? e : signal.OccurredAt;
                    break;
                case DirectoryUpdated { Entry: var entry }:
                    account = account with { Facts = account.Facts.Apply(entry) };
                    streamEvents.Add(entry);
                    // Seats and renewal date feed measures and rules: re-judge everything already evaluated.
                    earliestSignal = DateTimeOffset.MinValue;
                    break;
                case OverrideSet { Override: var o }:
                    account = account with { Override = new ScoreOverride(o.Band, o.Score, o.Reason, o.ExpiresAt, o.Author, o.At) };
                    streamEvents.Add(o);
                    break;
                case OverrideCleared { Cleared: var cleared }:
                    account = account with { Override = null };
                    streamEvents.Add(cleared);
                    break;
                case AlertActedOn { Action: var action }:
                    alertActions.Add(action);
                    streamEvents.Add(action);
                    break;
                case RescoreRequested { From: var rescoreFrom }:
                    earliestSignal = earliestSignal is { } e2 && e2 < rescoreFrom ? e2 : rescoreFrom;
                    break;
            }
        }

        var timeline = new HealthTimeline(account.Facts, versions);
        // The read model needs the explained score at `now`; computed first, the rules reuse it there.
        timeline.At(now);
        var from = Earliest(account.EvaluatedThrough, earliestSignal);
        var intervals = AlertTimeline.Derive(account.Facts, account.AlertIntervals, from, now, timeline.ScoreAt, rules.Value);
        var alerts = await ReconcileAlertsAsync(session, account, intervals, alertActions, streamEvents, timeline, knownAlerts, now, ct);
        account = account with { AlertIntervals = intervals, EvaluatedThrough = now };

        var health = AccountHealthBuilder.Build(account, timeline, alerts, previousHealth, movedBy, now);
        account = account with { Shown = ShownHealth.Of(health) };
        ScoredAccount persisted;
        if (stored is not null && streamEvents.Count == 0 && account.Facts == stored.Facts && account.Override == stored.Override
            && account.AlertIntervals.SequenceEqual(stored.AlertIntervals) && account.Shown == stored.Shown)
        {
            // Only the evaluation point moved (a rescore that changed no score): keep the aggregate, but fail if it changed meanwhile.
            ScoredAccountVersionCheck.Queue(session, store.Options.DatabaseSchemaName, stored);
            persisted = stored;
        }
        else
        {
            session.Store(account);
            persisted = account;
        }

        session.Store(health);
        if (streamEvents.Count > 0)
        {
            session.Events.Append(account.Id, streamEvents);
        }

        return (persisted, account.Shown);
    }

    private static DateTimeOffset Earliest(DateTimeOffset? evaluatedThrough, DateTimeOffset? earliestSignal) =>
        (evaluatedThrough, earliestSignal) switch
        {
            (null, _) => DateTimeOffset.MinValue,
            ({ } e, null) => e,
            ({ } e, { } s) => e < s ? e : s,
        };

    /// <summary>
    /// Brings the alert documents in line with the derived spans and the CSMs' actions; returns the open alerts.
    /// New spans raise alerts, cleared spans resolve them automatically, and each change is published.
    /// </summary>
    private async Task<IReadOnlyList<ChurnRiskAlert>> ReconcileAlertsAsync(
        IDocumentSession session,
        ScoredAccount account,
        IReadOnlyList<AlertInterval> intervals,
        IReadOnlyList<object> actions,
        List<object> streamEvents,
        HealthTimeline timeline,
        KnownAlerts knownAlerts,
        DateTimeOffset now,
        CancellationToken ct)
    {
        var before = account.AlertIntervals.ToDictionary(i => i.AlertId, StringComparer.Ordinal);
        var after = intervals.ToDictionary(i => i.AlertId, StringComparer.Ordinal);
        var touchedIds = before.Keys.Concat(after.Keys).Where(id => !before.TryGetValue(id, out var b) || !after.TryGetValue(id, out var a) || b != a || a.ClearedAt is null)
            .Concat(actions.Select(AlertIdOf)).Distinct(StringComparer.Ordinal).ToArray();
        // Only alerts of spans known before (or acted on) can have documents.
        var docs = await knownAlerts.GetAsync(session, touchedIds.Where(id => before.ContainsKey(id) || actions.Any(a => AlertIdOf(a) == id)), ct);
        var facts = account.Facts;
        var health = timeline.At(now);

        // Spans never seen before raise alerts; a span that already cleared (late or backfilled data)
        // is raised and resolved at once, as live delivery would have done.
        foreach (var interval in intervals.Where(i => !docs.ContainsKey(i.AlertId)))
        {
            var alert = new ChurnRiskAlert(interval.AlertId, account.Id, interval.Rule, interval.Reason, interval.Since, AlertStatus.Open, null, null, null, null,
                [new AlertTransition(AlertStatus.Open, "scoring", now, interval.Reason)], facts.Directory?.OwnerCsm, facts.Directory?.Segment, health.Band, facts.ArrMinor, facts.RenewalDate);
            docs[alert.Id] = alert;
            Changed(session, alert);
            streamEvents.Add(new ChurnRiskAlertRaised(alert.Id, alert.Rule, alert.Reason, interval.Since, now));
            session.PublishOnCommit(
                new ChurnRiskAlertRaisedV1(alert.Id, account.Id, alert.Rule, alert.Reason, health.Score, health.Band, facts.ArrMinor, facts.Currency, facts.Directory?.OwnerCsm, interval.Since),
                DeterministicGuid.From($"scoring/alert-raised/{alert.Id}"));
        }

        foreach (var (id, alert) in docs.ToList())
        {
            if (!alert.IsOpen)
            {
                ReviseAutoResolved(session, account, alert, after.GetValueOrDefault(id), docs, streamEvents, now);
                continue;
            }

            if (!after.TryGetValue(id, out var span))
            {
                // Late facts show this span never happened as first thought: withdraw the alert.
                docs.Remove(id);
                session.Delete(alert);
                session.QueueSqlCommand("select pg_notify(?, ?)", AlertChannel, id);
                streamEvents.Add(new ChurnRiskAlertCleared(id, alert.Rule, now, now));
                session.PublishOnCommit(
                    new ChurnRiskAlertResolvedV1(id, account.Id, alert.Rule, "superseded", "withdrawn: late data changed the account's history", "scoring", now),
                    DeterministicGuid.From($"scoring/alert-resolved/{id}"));
            }
            else if (span.ClearedAt is { } at)
            {
                var resolved = alert.Transition(AlertStatus.Resolved, "scoring", now, "condition cleared")
                    with { ResolvedAt = at, Resolution = "auto" };
                docs[id] = resolved;
                Changed(session, resolved);
                streamEvents.Add(new ChurnRiskAlertCleared(id, alert.Rule, at, now));
                session.PublishOnCommit(
                    new ChurnRiskAlertResolvedV1(id, account.Id, alert.Rule, "auto", resolved.Note, "scoring", at),
                    DeterministicGuid.From($"scoring/alert-resolved/{id}"));
            }
            else
            {
                // Keep the alert's view of the account current for list filters; most signals change none of it.
                var current = alert with { Band = health.Band, ArrMinor = facts.ArrMinor, OwnerCsm = facts.Directory?.OwnerCsm, Segment = facts.Directory?.Segment, RenewalDate = facts.RenewalDate };
                if (current != alert)
                {
                    docs[id] = current;
                    session.Store(current);
                }
            }
        }

        foreach (var action in actions)
        {
            if (docs.TryGetValue(AlertIdOf(action), out var alert) && alert.IsOpen)
            {
                var acted = Act(alert, action);
                docs[acted.Id] = acted;
                Changed(session, acted);
                if (acted.Status == AlertStatus.Resolved)
                {
                    session.PublishOnCommit(
                        new ChurnRiskAlertResolvedV1(acted.Id, account.Id, acted.Rule, "manual", acted.Note, acted.Transitions[^1].Author, acted.ResolvedAt ?? now),
                        DeterministicGuid.From($"scoring/alert-resolved/{acted.Id}"));
                }
            }
        }

        return [.. docs.Values.Where(a => a.IsOpen).OrderBy(a => a.RaisedAt)];
    }

    /// <summary>
    /// An alert scoring resolved itself follows later facts like an open one: when arrival order made
    /// a span appear (and clear) that the full facts show never happened, it is withdrawn; when the
    /// condition turns out to hold still, it opens again. Alerts a CSM resolved stay as they are.
    /// </summary>
    private static void ReviseAutoResolved(
        IDocumentSession session, ScoredAccount account, ChurnRiskAlert alert, AlertInterval? span, Dictionary<string, ChurnRiskAlert> docs, List<object> streamEvents, DateTimeOffset now)
    {
        if (alert.Resolution != "auto")
        {
            return;
        }

        if (span is null)
        {
            docs.Remove(alert.Id);
            session.Delete(alert);
            session.QueueSqlCommand("select pg_notify(?, ?)", AlertChannel, alert.Id);
            session.PublishOnCommit(
                new ChurnRiskAlertResolvedV1(alert.Id, account.Id, alert.Rule, "superseded", "withdrawn: late data changed the account's history", "scoring", now),
                DeterministicGuid.From($"scoring/alert-withdrawn/{alert.Id}"));
        }
        else if (span.ClearedAt is null)
        {
            var reopened = alert.Transition(AlertStatus.Open, "scoring", now, "late data: the condition still holds") with { ResolvedAt = null, Resolution = null };
            docs[alert.Id] = reopened;
            Changed(session, reopened);
            streamEvents.Add(new ChurnRiskAlertRaised(alert.Id, alert.Rule, alert.Reason, span.Since, now));
        }
    }

    private static ChurnRiskAlert Act(ChurnRiskAlert alert, object action) => action switch
    {
        ChurnRiskAlertAcknowledged a => alert.Transition(AlertStatus.Acknowledged, a.Author, a.At) with { SnoozedUntil = null },
        ChurnRiskAlertSnoozed s => alert.Transition(AlertStatus.Snoozed, s.Author, s.At, $"until {s.Until:O}") with { SnoozedUntil = s.Until },
        ChurnRiskAlertResolvedByHand r => alert.Transition(AlertStatus.Resolved, r.Author, r.At, r.Note) with { ResolvedAt = r.At, Resolution = "manual", Note = r.Note },
        _ => alert,
    };

    internal static string AlertIdOf(object action) => action switch
    {
        ChurnRiskAlertAcknowledged a => a.AlertId,
        ChurnRiskAlertSnoozed s => s.AlertId,
        ChurnRiskAlertResolvedByHand r => r.AlertId,
        _ => "",
    };

    /// <summary>Stores the alert and tells every instance's live watchers once the transaction commits.</summary>
    private static void Changed(IDocumentSession session, ChurnRiskAlert alert)
    {
        session.Store(alert);
        session.QueueSqlCommand("select pg_notify(?, ?)", AlertChannel, alert.Id);
    }
}

public sealed record BatchOutcome(int Applied, int Duplicates);
