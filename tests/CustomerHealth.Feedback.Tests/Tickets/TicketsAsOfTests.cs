using System.Text.Json;
using CustomerHealth.Feedback.Tickets;
using CustomerHealth.Feedback.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CustomerHealth.Feedback.Tests.Tickets;

/// <summary>
/// Ticket metrics at a moment answer from the version that was current then. Worked example (UTC,
/// week of Monday 16 Nov 2026): ticket opened Mon 09:00 (high), first answered Tue 12:00, solved
/// Wed 09:00. As of Tue 10:00 it is open and unanswered; as of Thu 09:00 it is solved, answered
/// after 27 h (97,200 s).
/// </summary>
public class TicketsAsOfTests(FeedbackApp app) : IClassFixture<FeedbackApp>
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 16, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Tuesday = Monday.AddDays(1).AddHours(1);
    private static readonly DateTimeOffset Thursday = Monday.AddDays(3);
    private static readonly DateTimeOffset Saturday = Monday.AddDays(5);

    [Fact]
    public async Task A_ticket_opened_Monday_and_solved_Wednesday_is_open_on_Tuesday_and_not_on_Thursday()
    {
        var account = Feedbacks.NewAccount();
        await app.Grpc.RecordSupportTicketAsync(Opened(account));
        await app.Grpc.RecordSupportTicketAsync(Solved(account));

        var tuesday = await MetricsAsync(account, Tuesday);
        var thursday = await MetricsAsync(account, Thursday);

        Assert.Equal((1, 1), (tuesday.OpenTickets.High, tuesday.OpenTickets.Total));
        Assert.False(tuesday.HasMedianFirstResponseSeconds);
        Assert.Equal(1, tuesday.TicketsOpened);
        Assert.Equal(0, thursday.OpenTickets.Total);
        Assert.Equal(97_200, thursday.MedianFirstResponseSeconds, 3);
        Assert.Equal(1, thursday.TicketsOpened);
    }

    [Fact]
    public async Task Versions_arriving_out_of_order_give_the_same_answers_at_every_moment()
    {
        var account = Feedbacks.NewAccount();
        var reopened = Opened(account, Monday.AddDays(4), "urgent");
        foreach (var version in new[] { reopened, Solved(account), Opened(account) })
        {
            await app.Grpc.RecordSupportTicketAsync(version);
        }

        var tuesday = await MetricsAsync(account, Tuesday);
        var thursday = await MetricsAsync(account, Thursday);
        var saturday = await MetricsAsync(account, Saturday);

        Assert.Equal((1, 0, 1), (tuesday.OpenTickets.High, tuesday.OpenTickets.Urgent, tuesday.OpenTickets.Total));
        Assert.Equal(0, thursday.OpenTickets.Total);
        Assert.Equal((0, 1, 1), (saturday.OpenTickets.High, saturday.OpenTickets.Urgent, saturday.OpenTickets.Total));
        // This class's database: every other ticket in it is solved by Saturday.
        var portfolio = (await app.Grpc.GetPortfolioFeedbackAsync(new GetPortfolioFeedbackRequest { AsOf = Timestamp.FromDateTimeOffset(Saturday) })).Metrics;
        Assert.Equal((1, 1), (portfolio.OpenTickets.Urgent, portfolio.OpenTickets.Total));
    }

    [Fact]
    public async Task A_late_version_publishes_its_own_state_and_time_not_the_tickets_latest()
    {
        var account = Feedbacks.NewAccount();
        var opened = Opened(account);
        await app.Grpc.RecordSupportTicketAsync(Solved(account));
        await app.Grpc.RecordSupportTicketAsync(opened);

        using var body = JsonDocument.Parse((await app.OutboxBodyAsync(opened.EventId))!);

        Assert.Equal("open", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(Monday, body.RootElement.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("solvedAt").ValueKind);
    }

    [Fact]
    public async Task A_ticket_first_reported_when_solved_was_open_between_its_opening_and_its_solving()
    {
        var account = Feedbacks.NewAccount();
        await app.Grpc.RecordSupportTicketAsync(Solved(account));

        Assert.Equal(1, (await MetricsAsync(account, Tuesday)).OpenTickets.High);
        Assert.Equal(0, (await MetricsAsync(account, Thursday)).OpenTickets.Total);
        Assert.Equal(0, (await MetricsAsync(account, Monday.AddHours(-1))).TicketsOpened);
    }

    [Fact]
    public async Task Versions_recorded_before_versions_were_kept_as_rows_are_backfilled_from_the_ticket_streams()
    {
        var account = Feedbacks.NewAccount();
        var opened = Opened(account);
        await app.Grpc.RecordSupportTicketAsync(opened);
        await app.Grpc.RecordSupportTicketAsync(Solved(account));
        await using (var connection = new NpgsqlConnection(app.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand("delete from feedback.mt_doc_supportticketversion where ticket_id = @t", connection);
            delete.Parameters.AddWithValue("t", opened.TicketId);
            await delete.ExecuteNonQueryAsync();
        }

        Assert.Equal(0, (await MetricsAsync(account, Tuesday)).OpenTickets.Total);
        var backfill = app.Services.GetRequiredService<TicketVersionBackfill>();

        Assert.True(await backfill.RunAsync(CancellationToken.None) >= 2);
        Assert.Equal(1, (await MetricsAsync(account, Tuesday)).OpenTickets.High);
        Assert.Equal(0, await backfill.RunAsync(CancellationToken.None));
    }

    private async Task<FeedbackMetrics> MetricsAsync(string account, DateTimeOffset asOf) =>
        (await app.Grpc.GetAccountFeedbackAsync(new GetAccountFeedbackRequest { AccountId = account, AsOf = Timestamp.FromDateTimeOffset(asOf) })).Metrics;

    private static RecordSupportTicketRequest Opened(string account, DateTimeOffset? at = null, string priority = "high") => new()
    {
        EventId = "tkv-" + Guid.NewGuid().ToString("N"),
        TicketId = account + "-t1",
        AccountId = account,
        Status = "open",
        Priority = priority,
        OpenedAt = Timestamp.FromDateTimeOffset(Monday),
        OccurredAt = Timestamp.FromDateTimeOffset(at ?? Monday),
        Source = "zendesk",
    };

    private static RecordSupportTicketRequest Solved(string account)
    {
        var solved = Opened(account, Monday.AddDays(2));
        solved.Status = "solved";
        solved.FirstResponseAt = Timestamp.FromDateTimeOffset(Monday.AddHours(27));
        solved.SolvedAt = solved.OccurredAt;
        return solved;
    }
}
