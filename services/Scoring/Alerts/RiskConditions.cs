using CustomerHealth.Scoring.Measuring;
using CustomerHealth.Scoring.Scorecards;
using CustomerHealth.Scoring.Signals;

namespace CustomerHealth.Scoring.Alerts;

/// <summary>Which churn-risk rules hold for an account at a point in time, each with a reason a CSM can act on.</summary>
public static class RiskConditions
{
    public static IReadOnlyDictionary<string, string> At(
        AccountFacts facts, DateTimeOffset at, Func<DateTimeOffset, HealthScore> scoreAt, ChurnRiskRuleSettings rules)
    {
        var holding = new Dictionary<string, string>(StringComparer.Ordinal);
        var health = scoreAt(at);
        if (health.Band == Band.Red)
        {
            holding[ChurnRiskRules.BandRed] = $"health score {health.Score:0} is red";
        }

        var before = scoreAt(at - TimeSpan.FromDays(rules.ScoreDropWindowDays));
        if (health.Score is { } now && before.Score is { } then && then - now >= rules.ScoreDropPoints)
        {
            holding[ChurnRiskRules.ScoreDrop] = $"score fell {then - now:0} points in {rules.ScoreDropWindowDays} days ({then:0} → {now:0})";
        }

        var payment = PaymentStatus.At(facts, at);
        if (payment.DaysOverdue > rules.PaymentOverdueDays || facts.PaymentFailures.Any(f => f.OccurredAt <= at && f.OccurredAt > at.AddDays(-rules.PaymentOverdueDays) && payment.UnrecoveredInvoices.Contains(f.InvoiceId)))
        {
            holding[ChurnRiskRules.PaymentRisk] = payment.DaysOverdue > rules.PaymentOverdueDays
                ? $"payment {payment.DaysOverdue:0} days overdue"
                : $"payment failed ({payment.UnrecoveredInvoices.Count} unrecovered invoice(s))";
        }

        var detractor = facts.Surveys.Where(s => s.Kind == "nps" && s.Score <= 6 && s.OccurredAt <= at && s.OccurredAt > at.AddDays(-rules.DetractorWindowDays))
            .OrderBy(s => s.OccurredAt).LastOrDefault();
        if (detractor is not null)
        {
            holding[ChurnRiskRules.NpsDetractor] = $"NPS detractor: {detractor.RespondentId} scored {detractor.Score}";
        }

        var usage = facts.LatestUsageAt(at);
        if (usage is { EventsPrevious14Days: > 0 } && 100.0 * (usage.EventsPrevious14Days - usage.EventsLast14Days) / usage.EventsPrevious14Days >= rules.UsageDropPercent)
        {
            holding[ChurnRiskRules.UsageDrop] = $"usage down {100.0 * (usage.EventsPrevious14Days - usage.EventsLast14Days) / usage.EventsPrevious14Days:0}% (14 vs 14 days)";
        }

        if (facts.RenewalDateAt(at) is { } renewal && health.Band != Band.Green)
        {
            var days = renewal.DayNumber - DateOnly.FromDateTime(at.UtcDateTime).DayNumber;
            if (days >= 0 && days <= rules.RenewalWithinDays)
            {
                holding[ChurnRiskRules.RenewalAtRisk] = $"renewal on {renewal:yyyy-MM-dd} ({days} days) and health is {health.Band}";
            }
        }

        var escalated = MeasureEvaluator.OpenTickets(facts, at)
            .Where(t => t.Priority is "high" or "urgent" && at - t.OpenedAt > TimeSpan.FromDays(rules.TicketOpenDays)).ToList();
        if (escalated.Count > 0)
        {
            holding[ChurnRiskRules.TicketEscalation] = $"{escalated.Count} high/urgent ticket(s) open more than {rules.TicketOpenDays} days ({string.Join(", ", escalated.Select(t => t.TicketId))})";
        }

        return holding;
    }
}
