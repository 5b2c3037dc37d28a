namespace CustomerHealth.Feedback.Surveys;

/// <summary>
/// One survey answer, keyed by its event id (so the document is also the idempotency record).
/// Immutable: a survey tool that changes an answer sends it under a new event id.
/// </summary>
/// <param name="CommentSentiment">comment sentiment (AFINN-165 based), -1..1; null without a comment.</param>
public sealed record SurveyResponse(
    string Id,
    string AccountId,
    string Kind,
    int Score,
    string RespondentId,
    string Comment,
    double? CommentSentiment,
    DateTimeOffset OccurredAt,
    string Source,
    string Fingerprint,
    DateTimeOffset RecordedAt);
