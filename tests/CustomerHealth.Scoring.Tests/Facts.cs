using CustomerHealth.Scoring.Signals;

namespace CustomerHealth.Scoring.Tests;

/// <summary>Builders for signals at given moments; ids are unique unless given.</summary>
public static class Facts
{
    public static readonly DateTimeOffset Day0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static int _next;

    private static string Id(string prefix) => $"{prefix}/{Interlocked.Increment(ref _next)}";

    public static RevenueRecorded Revenue(long mrrMinor, DateTimeOffset at, string kind = "subscription_changed") =>
        new(Id("billing/revenue"), kind, mrrMinor, "USD", "growth", "stripe", at);

    public static UsageMeasured UsageDay(DateTimeOffset at, int mau = 50, double avgDau = 15, long last14 = 1000, long prev14 = 1000, int coreUsed = 4, int coreConfigured = 5) =>
        new(Id("usage"), DateOnly.FromDateTime(at.UtcDateTime), (int)avgDau, mau / 2, mau, avgDau, mau, coreUsed, coreConfigured, last14, prev14, at, at);

    public static SurveyAnswered Nps(int score, DateTimeOffset at, string respondent = "r") => new(Id("feedback/survey"), "nps", score, respondent, null, at);

    public static SurveyAnswered Csat(int score, DateTimeOffset at) => new(Id("feedback/survey"), "csat", score, "r", null, at);

    public static SurveyAnswered Ces(int score, DateTimeOffset at) => new(Id("feedback/survey"), "ces", score, "r", null, at);

    public static SupportTicketUpdated Ticket(string ticketId, string status, string priority, DateTimeOffset openedAt, DateTimeOffset at) =>
        new(Id("feedback/ticket"), ticketId, status, priority, openedAt, null, status is "solved" or "closed" ? at : null, at);

    public static PaymentFailed PaymentFailed(string invoice, DateTimeOffset dueAt, DateTimeOffset at) => new(Id("billing/payment-failed"), invoice, 10_000, "USD", dueAt, at);

    public static PaymentRecovered PaymentRecovered(string invoice, DateTimeOffset at) => new(Id("billing/payment-recovered"), invoice, 10_000, "USD", at);

    public static AccountFacts With(params IAccountSignal[] signals) => signals.Aggregate(AccountFacts.Empty("acme"), (f, s) => f.Apply(s));
}
