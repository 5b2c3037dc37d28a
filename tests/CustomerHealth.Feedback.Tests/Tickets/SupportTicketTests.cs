using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerHealth.Feedback.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace CustomerHealth.Feedback.Tests.Tickets;

/// <summary>Ticket versions: last write by time wins, whatever the order of arrival.</summary>
public class SupportTicketTests(FeedbackApp app) : IClassFixture<FeedbackApp>
{
    [Fact]
    public async Task The_version_that_occurred_last_is_the_ticket_even_when_it_arrives_first()
    {
        var account = Feedbacks.NewAccount();
        var opened = Feedbacks.Ticket(account, "t-1", "open", "urgent", occurredHoursAgo: 40);
        var solved = Feedbacks.Ticket(account, "t-1", "solved", "urgent", firstResponseAfterHours: 1, occurredHoursAgo: 2);

        var first = await app.Grpc.RecordSupportTicketAsync(solved);
        var late = await app.Grpc.RecordSupportTicketAsync(opened);
        var again = await app.Grpc.RecordSupportTicketAsync(opened);

        Assert.True(first.IsLatest);
        Assert.False(late.IsLatest);
        Assert.True(again.Duplicate);
        var metrics = (await app.Grpc.GetAccountFeedbackAsync(new GetAccountFeedbackRequest { AccountId = account })).Metrics;
        Assert.Equal(0, metrics.OpenTickets.Total);
        Assert.Equal(1, metrics.TicketsOpened);
        Assert.Equal("SupportTicketChangedV1", Assert.Single(await app.OutboxAsync(opened.EventId)).Type);
    }

    [Fact]
    public async Task Concurrent_versions_of_one_ticket_leave_the_latest_one()
    {
        var account = Feedbacks.NewAccount();
        var versions = Enumerable.Range(0, 10)
            .Select(i => Feedbacks.Ticket(account, "t-race", i == 9 ? "pending" : "open", "high", occurredHoursAgo: 20 - i))
            .ToList();

        await Task.WhenAll(versions.Select(v => app.Grpc.RecordSupportTicketAsync(v).ResponseAsync));

        var metrics = (await app.Grpc.GetAccountFeedbackAsync(new GetAccountFeedbackRequest { AccountId = account })).Metrics;
        Assert.Equal(1, metrics.OpenTickets.High);
        var latest = await app.Grpc.RecordSupportTicketAsync(versions[9]);
        Assert.True(latest.IsLatest);
    }

    [Fact]
    public async Task A_version_repeated_over_REST_is_a_duplicate_and_a_changed_payload_is_refused_on_both_paths()
    {
        var version = Feedbacks.Ticket(Feedbacks.NewAccount(), "t-repeat", "open", "high");
        var changed = version.Clone();
        changed.Priority = "urgent";

        await app.Grpc.RecordSupportTicketAsync(version);
        using var rest = await app.Rest.PostAsync("/api/v1/feedback/tickets", Json(version));
        var conflict = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.RecordSupportTicketAsync(changed).ResponseAsync);
        using var restConflict = await app.Rest.PostAsync("/api/v1/feedback/tickets", Json(changed));

        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        Assert.True((await rest.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, restConflict.StatusCode);
        Assert.Single(await app.OutboxAsync(version.EventId));
        var metrics = (await app.Grpc.GetAccountFeedbackAsync(new GetAccountFeedbackRequest { AccountId = version.AccountId })).Metrics;
        Assert.Equal((1, 0), (metrics.OpenTickets.High, metrics.OpenTickets.Urgent));
    }

    [Fact]
    public async Task Invalid_versions_name_every_bad_field()
    {
        var ticket = Feedbacks.Ticket(Feedbacks.NewAccount(), "t-bad", "solved", "critical");
        ticket.SolvedAt = null;
        ticket.Status = "done";
        ticket.FirstResponseAt = Timestamp.FromDateTimeOffset(ticket.OpenedAt.ToDateTimeOffset().AddHours(-1));

        var rpc = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.RecordSupportTicketAsync(ticket).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        Assert.Equal(["first_response_at", "priority", "status"], rpc.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order());
    }

    [Fact]
    public async Task A_solved_ticket_needs_its_solved_time()
    {
        var ticket = Feedbacks.Ticket(Feedbacks.NewAccount(), "t-solved", "closed");
        ticket.SolvedAt = null;

        var rpc = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.RecordSupportTicketAsync(ticket).ResponseAsync);

        Assert.Equal("solved_at", Assert.Single(rpc.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    private static StringContent Json(RecordSupportTicketRequest request) =>
        new(JsonFormatter.Default.Format(request), System.Text.Encoding.UTF8, "application/json");
}
