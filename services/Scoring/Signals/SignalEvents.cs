namespace CustomerHealth.Scoring.Signals;

// The domain events on an account's stream, one per kind of signal. They stay inside scoring; the
// consumers translate the integration contracts into them.

/// <summary>Billing reported the account's MRR after an event.</summary>
public sealed record RevenueRecorded(
    string SourceId, string Kind, long MrrMinor, string Currency, string Plan, string Source, DateTimeOffset OccurredAt) : IAccountSignal;

/// <summary>Usage measured the account's engagement as of a day.</summary>
public sealed record UsageMeasured(
    string SourceId,
    DateOnly AsOfDay,
    int Dau,
    int Wau,
    int Mau,
    double AverageDau28,
    int ActiveUsers,
    int CoreFeaturesUsed28,
    int CoreFeaturesConfigured,
    long EventsLast14Days,
    long EventsPrevious14Days,
    DateTimeOffset? LastActiveAt,
    DateTimeOffset OccurredAt) : IAccountSignal;

/// <summary>A survey answer: kind nps (0-10), csat (1-5) or ces (1-7).</summary>
public sealed record SurveyAnswered(
    string SourceId, string Kind, int Score, string RespondentId, double? CommentSentiment, DateTimeOffset OccurredAt) : IAccountSignal;

/// <summary>A version of a support ticket; the latest by occurrence wins.</summary>
public sealed record SupportTicketUpdated(
    string SourceId,
    string TicketId,
    string Status,
    string Priority,
    DateTimeOffset OpenedAt,
    DateTimeOffset? FirstResponseAt,
    DateTimeOffset? SolvedAt,
    DateTimeOffset OccurredAt) : IAccountSignal;

public sealed record PaymentFailed(
    string SourceId, string InvoiceId, long AmountMinor, string Currency, DateTimeOffset DueAt, DateTimeOffset OccurredAt) : IAccountSignal;

public sealed record PaymentRecovered(
    string SourceId, string InvoiceId, long AmountMinor, string Currency, DateTimeOffset OccurredAt) : IAccountSignal;

/// <summary>The churn outcome.</summary>
public sealed record SubscriptionCancelled(
    string SourceId, string Reason, DateOnly EffectiveDate, long LostMrrMinor, string Currency, DateTimeOffset OccurredAt) : IAccountSignal;

public sealed record RenewalDateSet(string SourceId, DateOnly RenewalDate, DateTimeOffset OccurredAt) : IAccountSignal;
