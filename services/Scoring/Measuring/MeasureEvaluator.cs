using CustomerHealth.Scoring.Signals;

namespace CustomerHealth.Scoring.Measuring;

/// <summary>
/// Reads every measure's raw value from an account's facts at a point in time. Only facts that had
/// occurred by then count; definitions and windows are in docs/scoring-model.md.
/// </summary>
public static class MeasureEvaluator
{
    public static readonly TimeSpan SurveyWindow = TimeSpan.FromDays(180);
    public static readonly TimeSpan PaymentWindow = TimeSpan.FromDays(90);
    public static readonly TimeSpan RevenueTrendWindow = TimeSpan.FromDays(90);

    /// <summary>Every measure's value with its explanation: what a CSM sees.</summary>
    public static IReadOnlyList<MeasureReading> Read(AccountFacts facts, DateTimeOffset at) => Read(facts, at, explain: true);

    /// <summary>
    /// The same values without detail texts or source ids (both empty): for the many points at which
    /// alert rules only need the score and band, where formatting the explanation was most of the cost.
    /// </summary>
    public static IReadOnlyList<MeasureReading> ReadValues(AccountFacts facts, DateTimeOffset at) => Read(facts, at, explain: false);

    private static IReadOnlyList<MeasureReading> Read(AccountFacts facts, DateTimeOffset at, bool explain)
    {
        var usage = facts.LatestUsageAt(at);
        return
        [
            Stickiness(usage, explain),
            SeatUtilisation(usage, facts.Directory?.LicensedSeats, explain),
            UsageTrend(usage, explain),
            FeatureAdoption(usage, explain),
            Nps(facts, at, explain),
            Csat(facts, at, explain),
            Ces(facts, at, explain),
            TicketPressure(facts, at, explain),
            PaymentHealth(facts, at, explain),
            RevenueTrend(facts, at, explain),
        ];
    }

    private static MeasureEvidence Behind(bool explain, IAccountSignal fact) => explain ? MeasureEvidence.Of(fact) : MeasureEvidence.None;

    private static MeasureEvidence Behind(bool explain, IEnumerable<IAccountSignal> facts) => explain ? MeasureEvidence.Of(facts) : MeasureEvidence.None;

    private static MeasureReading Stickiness(UsageMeasured? u, bool explain) =>
        u is null ? MeasureReading.NoData(MeasureKeys.Stickiness, "no usage signal")
        : u.Mau == 0 ? new(MeasureKeys.Stickiness, 0, u.OccurredAt, Behind(explain, u), "no monthly active users")
        : new(MeasureKeys.Stickiness, u.AverageDau28 / u.Mau, u.OccurredAt, Behind(explain, u), explain ? $"average DAU {u.AverageDau28:0.#} / MAU {u.Mau}" : "");

    private static MeasureReading SeatUtilisation(UsageMeasured? u, int? seats, bool explain) =>
        u is null ? MeasureReading.NoData(MeasureKeys.SeatUtilisation, "no usage signal")
        : seats is not > 0 ? MeasureReading.NoData(MeasureKeys.SeatUtilisation, "licensed seats unknown")
        : new(MeasureKeys.SeatUtilisation, (double)u.Mau / seats.Value, u.OccurredAt, Behind(explain, u), explain ? $"MAU {u.Mau} / {seats} licensed seats" : "");

    private static MeasureReading UsageTrend(UsageMeasured? u, bool explain)
    {
        if (u is null)
        {
            return MeasureReading.NoData(MeasureKeys.UsageTrend, "no usage signal");
        }

        if (u.EventsPrevious14Days == 0)
        {
            return u.EventsLast14Days == 0
                ? new(MeasureKeys.UsageTrend, -100, u.OccurredAt, Behind(explain, u), "no events in 28 days")
                : new(MeasureKeys.UsageTrend, 100, u.OccurredAt, Behind(explain, u), explain ? $"{u.EventsLast14Days} events, none in the 14 days before" : "");
        }

        var change = 100.0 * (u.EventsLast14Days - u.EventsPrevious14Days) / u.EventsPrevious14Days;
        return new(MeasureKeys.UsageTrend, change, u.OccurredAt, Behind(explain, u),
            explain ? $"{u.EventsLast14Days} events in 14 days vs {u.EventsPrevious14Days} before ({change:+0;-0}%)" : "");
    }

    private static MeasureReading FeatureAdoption(UsageMeasured? u, bool explain) =>
        u is null ? MeasureReading.NoData(MeasureKeys.FeatureAdoption, "no usage signal")
        : u.CoreFeaturesConfigured <= 0 ? MeasureReading.NoData(MeasureKeys.FeatureAdoption, "no core features configured")
        : new(MeasureKeys.FeatureAdoption, (double)u.CoreFeaturesUsed28 / u.CoreFeaturesConfigured, u.OccurredAt, Behind(explain, u),
            explain ? $"{u.CoreFeaturesUsed28} of {u.CoreFeaturesConfigured} core features used in 28 days" : "");

    private static List<SurveyAnswered> SurveysInWindow(AccountFacts facts, string kind, DateTimeOffset at) =>
        [.. facts.Surveys.Where(s => s.Kind == kind && s.OccurredAt <= at && s.OccurredAt > at - SurveyWindow)];

    /// <summary>Standard NPS: % promoters (9-10) minus % detractors (0-6), -100..100.</summary>
    private static MeasureReading Nps(AccountFacts facts, DateTimeOffset at, bool explain)
    {
        var answers = SurveysInWindow(facts, "nps", at);
        if (answers.Count == 0)
        {
            return MeasureReading.NoData(MeasureKeys.Nps, "no NPS answer in 180 days");
        }

        var promoters = answers.Count(a => a.Score >= 9);
        var detractors = answers.Count(a => a.Score <= 6);
        var nps = 100.0 * (promoters - detractors) / answers.Count;
        return new(MeasureKeys.Nps, nps, answers.Max(a => a.OccurredAt), Behind(explain, answers),
            explain ? $"{promoters} promoters, {answers.Count - promoters - detractors} passives, {detractors} detractors of {answers.Count}" : "");
    }

    /// <summary>CSAT: share of answers scoring 4-5, in percent.</summary>
    private static MeasureReading Csat(AccountFacts facts, DateTimeOffset at, bool explain)
    {
        var answers = SurveysInWindow(facts, "csat", at);
        return answers.Count == 0
            ? MeasureReading.NoData(MeasureKeys.Csat, "no CSAT answer in 180 days")
            : new(MeasureKeys.Csat, 100.0 * answers.Count(a => a.Score >= 4) / answers.Count, answers.Max(a => a.OccurredAt),
                Behind(explain, answers), explain ? $"{answers.Count(a => a.Score >= 4)} of {answers.Count} satisfied" : "");
    }

    /// <summary>CES: mean effort score 1-7, higher is easier.</summary>
    private static MeasureReading Ces(AccountFacts facts, DateTimeOffset at, bool explain)
    {
        var answers = SurveysInWindow(facts, "ces", at);
        return answers.Count == 0
            ? MeasureReading.NoData(MeasureKeys.Ces, "no CES answer in 180 days")
            : new(MeasureKeys.Ces, answers.Average(a => a.Score), answers.Max(a => a.OccurredAt),
                Behind(explain, answers), explain ? $"mean {answers.Average(a => a.Score):0.0} of {answers.Count} answers" : "");
    }

    /// <summary>
    /// Open high/urgent tickets weighted by age: each counts 1 (urgent 2) plus 1 per week open.
    /// Known once any ticket was reported; zero when none is open.
    /// </summary>
    private static MeasureReading TicketPressure(AccountFacts facts, DateTimeOffset at, bool explain)
    {
        var tickets = OpenTickets(facts, at);
        if (!facts.Tickets.Any(t => t.OccurredAt <= at))
        {
            return MeasureReading.NoData(MeasureKeys.TicketPressure, "no support ticket reported");
        }

        var pressing = tickets.Where(t => t.Priority is "high" or "urgent").ToList();
        var pressure = pressing.Sum(t => (t.Priority == "urgent" ? 2 : 1) + Math.Max(0, (at - t.OpenedAt).TotalDays) / 7);
        var newest = facts.Tickets.Where(t => t.OccurredAt <= at).Max(t => t.OccurredAt);
        return new(MeasureKeys.TicketPressure, pressure, newest, Behind(explain, pressing),
            explain ? $"{pressing.Count} open high/urgent tickets of {tickets.Count} open" : "");
    }

    /// <summary>The latest version of every ticket that is open or pending at <paramref name="at"/>.</summary>
    public static List<SupportTicketUpdated> OpenTickets(AccountFacts facts, DateTimeOffset at) =>
    [
        .. facts.Tickets.Where(t => t.OccurredAt <= at)
            .GroupBy(t => t.TicketId)
            .Select(g => g.OrderBy(t => t.OccurredAt).ThenBy(t => t.SourceId, StringComparer.Ordinal).Last())
            .Where(t => t.Status is "open" or "pending"),
    ];

    /// <summary>Days the oldest unrecovered failed invoice is overdue, plus 10 per failure in 90 days.</summary>
    private static MeasureReading PaymentHealth(AccountFacts facts, DateTimeOffset at, bool explain)
    {
        if (!facts.Revenue.Any(e => e.OccurredAt <= at) && !facts.PaymentFailures.Any(e => e.OccurredAt <= at))
        {
            return MeasureReading.NoData(MeasureKeys.PaymentHealth, "no billing signal");
        }

        var status = PaymentStatus.At(facts, at);
        var value = status.DaysOverdue + (10.0 * status.FailuresIn90Days);
        var newest = facts.Revenue.Select(e => e.OccurredAt).Concat(facts.PaymentFailures.Select(e => e.OccurredAt))
            .Concat(facts.PaymentRecoveries.Select(e => e.OccurredAt)).Where(t => t <= at).Max();
        return new(MeasureKeys.PaymentHealth, value, newest, Behind(explain, status.Behind),
            explain ? $"{status.FailuresIn90Days} failed payments in 90 days, {status.DaysOverdue:0} days overdue" : "");
    }

    /// <summary>MRR change over 90 days in percent (from the first MRR when the account is younger).</summary>
    private static MeasureReading RevenueTrend(AccountFacts facts, DateTimeOffset at, bool explain)
    {
        // One pass, no sort: this runs at every evaluation point of the alert timeline.
        RevenueRecorded? now = null, then = null, first = null;
        var cutoff = at - RevenueTrendWindow;
        foreach (var e in facts.Revenue.Where(e => e.OccurredAt <= at))
        {
            now = OccurrenceOrder.Later(now, e);
            first = OccurrenceOrder.Earlier(first, e);
            then = e.OccurredAt <= cutoff ? OccurrenceOrder.Later(then, e) : then;
        }

        if (now is null)
        {
            return MeasureReading.NoData(MeasureKeys.RevenueTrend, "no revenue signal");
        }

        then ??= first!;
        var change = then.MrrMinor == 0 ? (now.MrrMinor > 0 ? 100 : 0) : 100.0 * (now.MrrMinor - then.MrrMinor) / then.MrrMinor;
        return new(MeasureKeys.RevenueTrend, change, now.OccurredAt,
            Behind(explain, facts.Revenue.Where(e => e.OccurredAt <= at && (e.OccurredAt > then.OccurredAt || e == then))),
            explain ? $"MRR {then.MrrMinor / 100.0:0.00} → {now.MrrMinor / 100.0:0.00} {now.Currency}" : "");
    }
}
