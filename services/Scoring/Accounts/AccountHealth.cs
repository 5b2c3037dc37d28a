using CustomerHealth.Scoring.Measuring;

namespace CustomerHealth.Scoring.Accounts;

/// <summary>
/// The lean, indexed read model behind account health, at-risk lists and the portfolio: the
/// current computed score with its explanation, the override beside it, trend and alerts.
/// </summary>
public sealed record AccountHealth(
    string Id,
    string Name,
    string? Segment,
    string? OwnerCsm,
    string? ParentAccountId,
    long MrrMinor,
    long ArrMinor,
    string Currency,
    DateOnly? RenewalDate,
    double? Score,
    string Band,
    double? EffectiveScore,
    string EffectiveBand,
    ScoreOverride? Override,
    double? Change7Days,
    double? Change30Days,
    int ScorecardVersion,
    IReadOnlyList<MeasureScore> Measures,
    IReadOnlyList<OpenAlert> OpenAlerts,
    ScoreMovement? LastMovement,
    string Plan,
    Signals.RevenueRecorded? LastRevenue,
    long RevenueEventCount,
    double KnownWeightShare,
    DateTimeOffset ComputedAt)
{
    /// <summary>The health as it reads at <paramref name="now"/>: an override past its expiry no longer applies.</summary>
    public AccountHealth AsSeenAt(DateTimeOffset now) =>
        Override is { } o && !o.ActiveAt(now) ? this with { Override = null, EffectiveScore = Score, EffectiveBand = Band } : this;

    /// <summary>Sort key: unknown scores after every known one.</summary>
    public double SortScore => Score ?? 1000;

    public bool HasOpenAlert => OpenAlerts.Count > 0;

    /// <summary>ARR at risk: the account is red (after override) or has an open churn-risk alert.</summary>
    public bool ArrAtRisk => EffectiveBand == Scorecards.Band.Red || HasOpenAlert;

    /// <summary>Sort key for "score drop": the largest 30-day fall first.</summary>
    public double ScoreDrop30 => -(Change30Days ?? 0);

    /// <summary>Days-since-epoch of the renewal (int.MaxValue when unknown), for range filters and sorting.</summary>
    public int RenewalDay => RenewalDate?.DayNumber ?? int.MaxValue;
}

public sealed record OpenAlert(string AlertId, string Rule, string Status, DateTimeOffset RaisedAt);

/// <summary>Why the score last moved: from what, to what, and the signals that arrived since.</summary>
public sealed record ScoreMovement(double? FromScore, double? ToScore, string FromBand, string ToBand, IReadOnlyList<string> SourceIds, DateTimeOffset At);
