using CustomerHealth.Scoring.Alerts;
using CustomerHealth.Scoring.Scorecards;
using CustomerHealth.Scoring.Signals;
using Marten;

namespace CustomerHealth.Scoring.Accounts;

/// <summary>
/// The health an account had at a past moment, judged by when facts occurred: the facts,
/// scorecard, alerts and override of that moment. Computed from stored facts and the stream.
/// </summary>
public sealed class AccountHealthAsOf(IQuerySession session, ScorecardBook scorecards)
{
    public async Task<AccountHealth?> ComputeAsync(string accountId, DateTimeOffset asOf, CancellationToken ct)
    {
        var account = await session.LoadAsync<ScoredAccount>(accountId, ct);
        if (account is null)
        {
            return null;
        }

        var versions = await scorecards.VersionsAsync(ct);
        var then = account with
        {
            Facts = account.Facts.AsOf(asOf),
            Override = await OverrideAtAsync(accountId, asOf, ct),
        };
        var timeline = new HealthTimeline(then.Facts, versions);
        var openThen = account.AlertIntervals
            .Where(i => i.Since <= asOf && (i.ClearedAt is null || i.ClearedAt > asOf))
            .Select(i => new ChurnRiskAlert(i.AlertId, accountId, i.Rule, i.Reason, i.Since, AlertStatus.Open, null, null, null, null, [], null, null, "", 0, null))
            .ToList();
        return AccountHealthBuilder.Build(then, timeline, openThen, null, [], asOf);
    }

    private async Task<ScoreOverride?> OverrideAtAsync(string accountId, DateTimeOffset asOf, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(accountId, token: ct);
        ScoreOverride? current = null;
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case ScoreOverridden o when o.At <= asOf:
                    current = new ScoreOverride(o.Band, o.Score, o.Reason, o.ExpiresAt, o.Author, o.At);
                    break;
                case ScoreOverrideCleared c when c.At <= asOf:
                    current = null;
                    break;
            }
        }

        return current;
    }
}
