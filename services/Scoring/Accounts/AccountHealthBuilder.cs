using CustomerHealth.Scoring.Alerts;
using CustomerHealth.Scoring.Measuring;
using CustomerHealth.Scoring.Scorecards;

namespace CustomerHealth.Scoring.Accounts;

/// <summary>Builds the AccountHealth read model from the aggregate at a moment.</summary>
public static class AccountHealthBuilder
{
    public static AccountHealth Build(
        ScoredAccount account,
        HealthTimeline timeline,
        IReadOnlyList<ChurnRiskAlert> openAlerts,
        ShownHealth? previous,
        IReadOnlyList<string> movedBy,
        DateTimeOffset now)
    {
        var facts = account.Facts;
        var health = timeline.At(now);
        var activeOverride = account.Override is { } o && o.ActiveAt(now) ? o : null;
        var effectiveScore = activeOverride?.Score ?? health.Score;
        var effectiveBand = activeOverride?.Band
            ?? (activeOverride?.Score is { } s ? timeline.ScorecardAt(now).Bands.BandOf(s) : health.Band);
        var movement = previous is null || previous.Score != health.Score || previous.Band != health.Band
            ? new ScoreMovement(previous?.Score, health.Score, previous?.Band ?? Band.Unknown, health.Band, movedBy, now)
            : previous.LastMovement;
        var directory = facts.Directory;
        return new AccountHealth(
            account.Id,
            directory?.Name ?? account.Id,
            directory?.Segment,
            directory?.OwnerCsm,
            directory?.ParentAccountId,
            facts.MrrMinor,
            facts.ArrMinor,
            facts.Currency,
            facts.RenewalDate,
            health.Score,
            health.Band,
            effectiveScore,
            effectiveBand,
            activeOverride,
            timeline.ChangeOver(now, TimeSpan.FromDays(7)),
            timeline.ChangeOver(now, TimeSpan.FromDays(30)),
            health.ScorecardVersion,
            health.Measures,
            [.. openAlerts.Select(a => new OpenAlert(a.Id, a.Rule, a.StatusAt(now), a.RaisedAt))],
            movement,
            facts.LatestRevenue?.Plan ?? "",
            facts.LatestRevenue,
            facts.Revenue.Count,
            health.KnownWeightShare,
            now);
    }
}
