namespace CustomerHealth.Scoring.Scorecards;

/// <summary>Progress of rescoring every account after a scorecard version was published.</summary>
public sealed record RescoreProgressDocument(int Id, long AccountsTotal, long AccountsDone, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt);
