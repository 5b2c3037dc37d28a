namespace CustomerHealth.Scoring.Signals;

/// <summary>The account directory (CRM sync or CSV import) set the account's attributes.</summary>
public sealed record AccountUpserted(
    string Name,
    string Segment,
    string OwnerCsm,
    int? LicensedSeats,
    DateOnly? RenewalDate,
    string? ParentAccountId,
    string UpdatedBy,
    DateTimeOffset UpdatedAt);

/// <summary>A CSM overrode the computed health until <paramref name="ExpiresAt"/>.</summary>
public sealed record ScoreOverridden(string? Band, double? Score, string Reason, DateTimeOffset ExpiresAt, string Author, DateTimeOffset At);

public sealed record ScoreOverrideCleared(string Author, DateTimeOffset At);

public sealed record ChurnRiskAlertAcknowledged(string AlertId, string Author, DateTimeOffset At);

public sealed record ChurnRiskAlertSnoozed(string AlertId, DateTimeOffset Until, string Author, DateTimeOffset At);

public sealed record ChurnRiskAlertResolvedByHand(string AlertId, string Note, string Author, DateTimeOffset At);

/// <summary>Scoring opened an alert when a rule's condition became true at <paramref name="ConditionSince"/>.</summary>
public sealed record ChurnRiskAlertRaised(string AlertId, string Rule, string Reason, DateTimeOffset ConditionSince, DateTimeOffset At);

/// <summary>The condition behind an alert cleared at <paramref name="ClearedAt"/>, resolving it automatically.</summary>
public sealed record ChurnRiskAlertCleared(string AlertId, string Rule, DateTimeOffset ClearedAt, DateTimeOffset At);
