namespace CustomerHealth.Scoring.Accounts;

/// <summary>
/// What the next write of an account needs from the <see cref="AccountHealth"/> written last: the
/// score and band a movement starts from, the movement kept while the score holds, and the portfolio
/// cell and ARR the account leaves in the totals. Kept on the aggregate, which every write loads
/// anyway, so a signal does not also read the whole read model back.
/// </summary>
public sealed record ShownHealth(
    double? Score,
    string Band,
    ScoreMovement? LastMovement,
    string? OwnerCsm,
    string? Segment,
    int RenewalDay,
    string EffectiveBand,
    bool HasOpenAlert,
    long ArrMinor)
{
    public static ShownHealth Of(AccountHealth health) => new(
        health.Score, health.Band, health.LastMovement, health.OwnerCsm, health.Segment, health.RenewalDay, health.EffectiveBand, health.HasOpenAlert, health.ArrMinor);

    /// <summary>Value equality, the movement's source ids included (a list compares by reference otherwise).</summary>
    public bool Equals(ShownHealth? other) =>
        other is not null
        && (Score, Band, OwnerCsm, Segment, RenewalDay, EffectiveBand, HasOpenAlert, ArrMinor)
        == (other.Score, other.Band, other.OwnerCsm, other.Segment, other.RenewalDay, other.EffectiveBand, other.HasOpenAlert, other.ArrMinor)
        && SameMovement(LastMovement, other.LastMovement);

    public override int GetHashCode() => HashCode.Combine(Score, Band, RenewalDay, EffectiveBand, HasOpenAlert, ArrMinor);

    private static bool SameMovement(ScoreMovement? a, ScoreMovement? b) =>
        a is null || b is null
            ? a is null && b is null
            : (a.FromScore, a.ToScore, a.FromBand, a.ToBand, a.At) == (b.FromScore, b.ToScore, b.FromBand, b.ToBand, b.At) && a.SourceIds.SequenceEqual(b.SourceIds);
}
