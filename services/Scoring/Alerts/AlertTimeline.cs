using CustomerHealth.Scoring.Measuring;
using CustomerHealth.Scoring.Signals;

namespace CustomerHealth.Scoring.Alerts;

/// <summary>
/// Derives when each churn-risk rule held, evaluating at every moment a signal occurred and at each
/// UTC midnight (when time alone can make a rule hold, e.g. a ticket open too long). The points
/// depend only on the facts, never on arrival, so a backfill raises exactly the alerts live delivery
/// would have. Re-derivation starts at the earliest changed point and keeps everything before it.
/// </summary>
public static class AlertTimeline
{
    public static IReadOnlyList<AlertInterval> Derive(
        AccountFacts facts,
        IReadOnlyList<AlertInterval> known,
        DateTimeOffset from,
        DateTimeOffset through,
        Func<DateTimeOffset, HealthScore> scoreAt,
        ChurnRiskRuleSettings rules)
    {
        // Keep what was settled before `from`; reopen what cleared later, it may still hold.
        var result = known.Where(i => i.Since < from).Select(i => i.ClearedAt >= from ? i with { ClearedAt = null } : i).ToList();
        var open = result.Where(i => i.ClearedAt is null).ToDictionary(i => i.Rule, StringComparer.Ordinal);
        foreach (var point in EvaluationPoints(facts, from, through))
        {
            var holding = RiskConditions.At(facts, point, scoreAt, rules);
            foreach (var (rule, interval) in open.ToList())
            {
                if (!holding.ContainsKey(rule))
                {
                    result[result.IndexOf(interval)] = interval with { ClearedAt = point };
                    open.Remove(rule);
                }
            }

            foreach (var (rule, reason) in holding)
            {
                if (!open.ContainsKey(rule))
                {
                    var raised = new AlertInterval(AlertInterval.IdFor(facts.Id, rule, point), rule, reason, point, null);
                    result.Add(raised);
                    open[rule] = raised;
                }
            }
        }

        return result;
    }

    /// <summary>Signal times and UTC midnights in [from, through].</summary>
    public static IEnumerable<DateTimeOffset> EvaluationPoints(AccountFacts facts, DateTimeOffset from, DateTimeOffset through)
    {
        var points = new SortedSet<DateTimeOffset>(facts.AllSignals().Select(s => s.OccurredAt).Where(t => t >= from && t <= through));
        var firstSignal = facts.AllSignals().Select(s => s.OccurredAt).DefaultIfEmpty(through).Min();
        var start = from > firstSignal ? from : firstSignal;
        for (var midnight = new DateTimeOffset(start.UtcDateTime.Date, TimeSpan.Zero).AddDays(1); midnight <= through; midnight = midnight.AddDays(1))
        {
            points.Add(midnight);
        }

        return points;
    }
}
