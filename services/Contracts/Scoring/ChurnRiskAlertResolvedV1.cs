namespace CustomerHealth.Contracts.Scoring;

/// <summary>A churn-risk alert was resolved, automatically when its condition cleared or by a person with a note.</summary>
/// <param name="Resolution">"auto" or "manual".</param>
public sealed record ChurnRiskAlertResolvedV1(
    string AlertId,
    string AccountId,
    string Rule,
    string Resolution,
    string? Note,
    string ResolvedBy,
    DateTimeOffset ResolvedAt);
