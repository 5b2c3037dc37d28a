namespace CustomerHealth.Scoring.Signals;

/// <summary>
/// Everything scoring knows about an account: its directory entry and its signals, each kept with
/// when it occurred: every signal, except usage snapshots superseded within their hour or day
/// (<see cref="UsageHistory"/>). Scores, history and alerts are pure functions of these facts and a
/// point in time, so arrival order never matters and a backfill answers exactly as live delivery would.
/// </summary>
public sealed record AccountFacts(
    string Id,
    AccountUpserted? Directory,
    IReadOnlyList<RevenueRecorded> Revenue,
    IReadOnlyList<UsageMeasured> Usage,
    IReadOnlyList<SurveyAnswered> Surveys,
    IReadOnlyList<SupportTicketUpdated> Tickets,
    IReadOnlyList<PaymentFailed> PaymentFailures,
    IReadOnlyList<PaymentRecovered> PaymentRecoveries,
    IReadOnlyList<SubscriptionCancelled> Cancellations,
    IReadOnlyList<RenewalDateSet> Renewals)
{
    public static AccountFacts Empty(string accountId) => new(accountId, null, [], [], [], [], [], [], [], []);

    public AccountFacts Apply(IAccountSignal signal) => signal switch
    {
        RevenueRecorded e => this with { Revenue = [.. Revenue, e] },
        UsageMeasured e => this with { Usage = UsageHistory.Add(Usage, e) },
        SurveyAnswered e => this with { Surveys = [.. Surveys, e] },
        SupportTicketUpdated e => this with { Tickets = [.. Tickets, e] },
        PaymentFailed e => this with { PaymentFailures = [.. PaymentFailures, e] },
        PaymentRecovered e => this with { PaymentRecoveries = [.. PaymentRecoveries, e] },
        SubscriptionCancelled e => this with { Cancellations = [.. Cancellations, e] },
        RenewalDateSet e => this with { Renewals = [.. Renewals, e] },
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal.GetType().Name, "Unknown signal kind."),
    };

    /// <summary>A usage snapshot that a later one of its hour or day already replaces: applying it would change nothing.</summary>
    public bool Supersedes(IAccountSignal signal) => signal is UsageMeasured u && UsageHistory.IsSuperseded(Usage, u);

    public UsageMeasured? LatestUsageAt(DateTimeOffset at) => UsageHistory.LatestAt(Usage, at);

    public AccountFacts Apply(AccountUpserted directory) => this with { Directory = directory };

    /// <summary>Only what had occurred by <paramref name="at"/>.</summary>
    public AccountFacts AsOf(DateTimeOffset at) => new(
        Id,
        Directory,
        [.. Revenue.Where(e => e.OccurredAt <= at)],
        [.. Usage.Where(e => e.OccurredAt <= at)],
        [.. Surveys.Where(e => e.OccurredAt <= at)],
        [.. Tickets.Where(e => e.OccurredAt <= at)],
        [.. PaymentFailures.Where(e => e.OccurredAt <= at)],
        [.. PaymentRecoveries.Where(e => e.OccurredAt <= at)],
        [.. Cancellations.Where(e => e.OccurredAt <= at)],
        [.. Renewals.Where(e => e.OccurredAt <= at)]);

    public IEnumerable<IAccountSignal> AllSignals() =>
        Revenue.Cast<IAccountSignal>().Concat(Usage).Concat(Surveys).Concat(Tickets)
            .Concat(PaymentFailures).Concat(PaymentRecoveries).Concat(Cancellations).Concat(Renewals);

    /// <summary>The source ids of every signal held: what a redelivered message is recognised by (with <see cref="Supersedes"/>).</summary>
    public HashSet<string> SourceIds() => AllSignals().Select(s => s.SourceId).ToHashSet(StringComparer.Ordinal);

    /// <summary>The latest MRR by occurrence (ties broken by source id for determinism).</summary>
    public RevenueRecorded? LatestRevenue => Revenue.Aggregate((RevenueRecorded?)null, (latest, e) => OccurrenceOrder.Later(latest, e));

    public DateOnly? RenewalDate => RenewalDateAt(DateTimeOffset.MaxValue);

    /// <summary>The renewal date known at <paramref name="at"/>: the latest renewal signal by then, else the directory's.</summary>
    public DateOnly? RenewalDateAt(DateTimeOffset at) =>
        Renewals.Where(e => e.OccurredAt <= at).OrderBy(e => e.OccurredAt).LastOrDefault()?.RenewalDate ?? Directory?.RenewalDate;

    public long MrrMinor => LatestRevenue?.MrrMinor ?? 0;

    public string Currency => LatestRevenue?.Currency ?? "USD";

    public long ArrMinor => MrrMinor * 12;
}
