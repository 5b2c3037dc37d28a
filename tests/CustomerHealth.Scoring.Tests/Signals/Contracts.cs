using CustomerHealth.Contracts.Billing;
using CustomerHealth.Contracts.Feedback;
using CustomerHealth.Contracts.Usage;

namespace CustomerHealth.Scoring.Tests.Signals;

/// <summary>Integration events as the usage, feedback and billing services publish them.</summary>
public static class Contracts
{
    public static string NewAccount() => "acct-" + Guid.NewGuid().ToString("N")[..12];

    public static string NewId() => Guid.NewGuid().ToString("N");

    public static RevenueChangedV1 Revenue(string account, long mrrMinor, DateTimeOffset at, string? id = null) =>
        new(id ?? NewId(), account, "subscription_changed", mrrMinor, "USD", at, "growth", "stripe", at);

    public static PaymentFailedV1 PaymentFailed(string account, string invoice, DateTimeOffset at, string? id = null) =>
        new(id ?? NewId(), account, invoice, 50_00, "USD", at.AddDays(-1), at);

    public static PaymentRecoveredV1 PaymentRecovered(string account, string invoice, DateTimeOffset at) => new(NewId(), account, invoice, 50_00, "USD", at);

    public static AccountUsageChangedV1 UsageOn(string account, DateTimeOffset at, long last14 = 1000, long prev14 = 1000) =>
        new(NewId(), account, DateOnly.FromDateTime(at.UtcDateTime), 10, 25, 40, 12, 40, 4, 5, last14, prev14, at, at);

    public static SurveyAnsweredV1 Nps(string account, int score, DateTimeOffset at) => new(NewId(), account, "nps", score, "champion@" + account, 0.2, at);

    public static SupportTicketChangedV1 Ticket(string account, string ticket, string status, DateTimeOffset openedAt, DateTimeOffset at) =>
        new(NewId(), account, ticket, status, "high", openedAt, null, null, at);

    public static SubscriptionCancelledV1 Cancelled(string account, DateTimeOffset at) =>
        new(NewId(), account, "too_expensive", DateOnly.FromDateTime(at.UtcDateTime.AddDays(30)), 100_00, "USD", at);

    public static RenewalDateChangedV1 Renewal(string account, DateOnly day, DateTimeOffset at) => new(NewId(), account, day, at);
}
