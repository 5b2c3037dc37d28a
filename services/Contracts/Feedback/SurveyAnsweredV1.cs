namespace CustomerHealth.Contracts.Feedback;

/// <summary>A customer answered a survey. Published by feedback.</summary>
/// <param name="Kind">"nps" (score 0-10), "csat" (1-5) or "ces" (1-7).</param>
/// <param name="CommentSentiment">-1..1 from the comment, null without a comment.</param>
public sealed record SurveyAnsweredV1(
    string EventId,
    string AccountId,
    string Kind,
    int Score,
    string RespondentId,
    double? CommentSentiment,
    DateTimeOffset OccurredAt);
