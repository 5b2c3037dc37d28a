using CustomerHealth.Feedback.V1;
using Google.Protobuf.WellKnownTypes;

namespace CustomerHealth.Feedback.Tests;

/// <summary>Valid survey responses and ticket versions to start from; tests change one thing at a time.</summary>
public static class Feedbacks
{
    public static string NewAccount() => "acct-" + Guid.NewGuid().ToString("N")[..12];

    public static SubmitSurveyResponseRequest Survey(string? account = null, string kind = "nps", int score = 9, string comment = "", double daysAgo = 1) => new()
    {
        EventId = "srv-" + Guid.NewGuid().ToString("N"),
        AccountId = account ?? NewAccount(),
        Kind = kind,
        Score = score,
        RespondentId = "user-" + Guid.NewGuid().ToString("N")[..8],
        Comment = comment,
        OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-daysAgo)),
        Source = "delighted",
    };

    public static RecordSupportTicketRequest Ticket(
        string account, string ticketId, string status = "open", string priority = "normal", double openedHoursAgo = 48, double? firstResponseAfterHours = null, double occurredHoursAgo = 1)
    {
        var opened = DateTimeOffset.UtcNow.AddHours(-openedHoursAgo);
        var request = new RecordSupportTicketRequest
        {
            EventId = "tkv-" + Guid.NewGuid().ToString("N"),
            TicketId = ticketId,
            AccountId = account,
            Status = status,
            Priority = priority,
            OpenedAt = Timestamp.FromDateTimeOffset(opened),
            OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-occurredHoursAgo)),
            Source = "zendesk",
        };
        if (firstResponseAfterHours is { } after)
        {
            request.FirstResponseAt = Timestamp.FromDateTimeOffset(opened.AddHours(after));
        }

        if (status is "solved" or "closed")
        {
            request.SolvedAt = request.OccurredAt;
        }

        return request;
    }
}
