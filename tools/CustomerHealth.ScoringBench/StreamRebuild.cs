using CustomerHealth.Scoring.Accounts;
using CustomerHealth.Scoring.Alerts;
using CustomerHealth.Scoring.Scorecards;
using CustomerHealth.Scoring.Signals;

namespace CustomerHealth.ScoringBench;

/// <summary>
/// Rebuilds an account's scoring state from its stream with scoring's own pure functions: fold the
/// events into <see cref="ScoredAccount"/> (<c>AccountFacts.Apply</c>), derive every churn-risk span
/// from the first signal to now (<see cref="AlertTimeline"/>), build the <see cref="AccountHealth"/>
/// read model, and compute the daily history points as <c>HealthHistory</c> does. CSM actions on alerts
/// live in the alert documents and are not rebuilt here; spans still open read as open.
/// </summary>
public static class StreamRebuild
{
    public sealed record Rebuilt(ScoredAccount Account, AccountHealth Health, int DailyPoints, int OpenAlerts);

    public static Rebuilt Rebuild(string accountId, IEnumerable<object> events, IReadOnlyList<Scorecard> versions, ChurnRiskRuleSettings rules, DateTimeOffset now, DateTimeOffset historyFrom)
    {
        var account = ScoredAccount.New(accountId);
        foreach (var e in events)
        {
            account = e switch
            {
                IAccountSignal signal => account with { Facts = account.Facts.Apply(signal) },
                AccountUpserted directory => account with { Facts = account.Facts.Apply(directory) },
                ScoreOverridden o => account with { Override = new ScoreOverride(o.Band, o.Score, o.Reason, o.ExpiresAt, o.Author, o.At) },
                ScoreOverrideCleared => account with { Override = null },
                _ => account,
            };
        }

        var timeline = new HealthTimeline(account.Facts, versions);
        var intervals = AlertTimeline.Derive(account.Facts, [], DateTimeOffset.MinValue, now, timeline.ScoreAt, rules);
        account = account with { AlertIntervals = intervals, EvaluatedThrough = now };
        var open = intervals.Where(i => i.ClearedAt is null)
            .Select(i => new ChurnRiskAlert(i.AlertId, accountId, i.Rule, i.Reason, i.Since, AlertStatus.Open, null, null, null, null, [], null, null, "", 0, null))
            .ToList();
        var health = AccountHealthBuilder.Build(account, timeline, open, null, [], now);
        return new Rebuilt(account with { Shown = ShownHealth.Of(health) }, health, DailyPoints(timeline, historyFrom, now), open.Count);
    }

    /// <summary>One point per day at the end of the day, as GetHealthHistory answers.</summary>
    private static int DailyPoints(HealthTimeline timeline, DateTimeOffset from, DateTimeOffset to)
    {
        var points = 0;
        for (var day = DateOnly.FromDateTime(from.UtcDateTime); day <= DateOnly.FromDateTime(to.UtcDateTime); day = day.AddDays(1))
        {
            var endOfDay = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddTicks(-1);
            _ = timeline.At(endOfDay < to ? endOfDay : to);
            points++;
        }

        return points;
    }
}
