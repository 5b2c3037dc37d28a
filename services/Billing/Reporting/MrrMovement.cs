namespace CustomerHealth.Billing.Reporting;

/// <summary>The five kinds of MRR movement (docs/metrics.md).</summary>
public static class MrrMovement
{
    public const string New = "new";
    public const string Expansion = "expansion";
    public const string Contraction = "contraction";
    public const string Churn = "churn";
    public const string Reactivation = "reactivation";

    /// <summary>Classifies a change from <paramref name="previous"/> to <paramref name="current"/>; null when nothing moved.</summary>
    /// <param name="paidBefore">The account had MRR at some earlier point: coming back from zero is then a reactivation.</param>
    public static string? Classify(long previous, long current, bool paidBefore) => (previous, current) switch
    {
        _ when previous == current => null,
        (0, _) => paidBefore ? Reactivation : New,
        (_, 0) => Churn,
        _ => current > previous ? Expansion : Contraction,
    };
}
