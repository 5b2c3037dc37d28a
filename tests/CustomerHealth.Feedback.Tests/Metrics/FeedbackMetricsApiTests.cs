using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerHealth.Feedback.Sentiment;
using CustomerHealth.Feedback.V1;
using Grpc.Core;

namespace CustomerHealth.Feedback.Tests.Metrics;

/// <summary>
/// The worked example of docs/metrics.md, on a database of its own. Account "acme", last 180 days:
/// NPS 10, 10, 9, 9, 9 (promoters), 8, 8, 7 (passives), 6, 3 (detractors) → 50% − 20% = 30;
/// a 0 given 200 days ago is outside the window. CSAT 5, 5, 4, 3, 2 → 3 of 5 satisfied = 0.6.
/// CES 2, 3, 7 → mean 4. Tickets: first responses after 1, 2 and 4 hours → median 2 h; open:
/// one urgent, one low (a solved high one does not count). Two comments: the average sentiment is
/// the mean of their scores. Globex adds one promoter, a CSAT 1, a CES 5 and an open normal ticket
/// answered after 3 hours, so the portfolio has CSAT 3 of 6, CES 17 / 4 and a median of 2.5 h.
/// </summary>
public class FeedbackMetricsApiTests(WorkedExampleFeedback example) : IClassFixture<WorkedExampleFeedback>
{
    private readonly FeedbackApp app = example.App;

    [Fact]
    public async Task Account_metrics_over_the_default_180_day_window()
    {
        var m = (await app.Grpc.GetAccountFeedbackAsync(new GetAccountFeedbackRequest { AccountId = "acme" })).Metrics;

        Assert.Equal(180, m.WindowDays);
        Assert.Equal((5, 3, 2, 10), (m.Promoters, m.Passives, m.Detractors, m.NpsResponses));
        Assert.Equal(30, m.Nps, 6);
        Assert.Equal(0.6, m.Csat, 6);
        Assert.Equal(5, m.CsatResponses);
        Assert.Equal(4, m.Ces, 6);
        Assert.Equal((1, 0, 0, 1, 2), (m.OpenTickets.Low, m.OpenTickets.Normal, m.OpenTickets.High, m.OpenTickets.Urgent, m.OpenTickets.Total));
        Assert.Equal(3, m.TicketsOpened);
        Assert.Equal(7200, m.MedianFirstResponseSeconds, 3);
        Assert.Equal(2, m.Comments);
        var sentiment = CommentSentiment.FromEmbeddedLexicon();
        Assert.Equal((sentiment.Score(WorkedExampleFeedback.HappyComment) + sentiment.Score(WorkedExampleFeedback.UnhappyComment)) / 2, m.AverageSentiment, 6);
        Assert.Equal(18, m.RecentResponses.Count);
        Assert.True(m.RecentResponses[0].OccurredAt.ToDateTimeOffset() >= m.RecentResponses[^1].OccurredAt.ToDateTimeOffset());
    }

    [Fact]
    public async Task A_shorter_window_over_REST_counts_only_its_responses()
    {
        // Only the answers of the last 30 days: 10, 8 and 3 → (1 − 1) / 3 = 0.
        var body = await app.Rest.GetFromJsonAsync<JsonElement>("/api/v1/feedback/accounts/acme?window_days=30");

        var m = body.GetProperty("metrics");
        Assert.Equal(3, m.GetProperty("npsResponses").GetInt32());
        Assert.Equal(0, m.GetProperty("nps").GetDouble());
    }

    [Fact]
    public async Task Portfolio_metrics_cover_every_account()
    {
        var portfolio = await app.Grpc.GetPortfolioFeedbackAsync(new GetPortfolioFeedbackRequest());

        Assert.Equal(2, portfolio.Accounts);
        Assert.Equal(11, portfolio.Metrics.NpsResponses); // acme's 10 and globex's one promoter
        Assert.Equal(100.0 * (6 - 2) / 11, portfolio.Metrics.Nps, 6);
        Assert.Equal((0.5, 6), (portfolio.Metrics.Csat, portfolio.Metrics.CsatResponses));
        Assert.Equal(4.25, portfolio.Metrics.Ces, 6);
        var open = portfolio.Metrics.OpenTickets;
        Assert.Equal((1, 1, 0, 1, 3), (open.Low, open.Normal, open.High, open.Urgent, open.Total));
        Assert.Equal(4, portfolio.Metrics.TicketsOpened);
        Assert.Equal(9000, portfolio.Metrics.MedianFirstResponseSeconds, 3);
    }

    [Fact]
    public async Task An_unknown_account_is_NOT_FOUND_and_404()
    {
        var rpc = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.GetAccountFeedbackAsync(new GetAccountFeedbackRequest { AccountId = "nobody" }).ResponseAsync);
        using var rest = await app.Rest.GetAsync("/api/v1/feedback/accounts/nobody");

        Assert.Equal(StatusCode.NotFound, rpc.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, rest.StatusCode);
    }

    [Fact]
    public async Task A_window_out_of_range_is_400()
    {
        using var rest = await app.Rest.GetAsync("/api/v1/feedback/portfolio?window_days=5000");

        Assert.Equal(HttpStatusCode.BadRequest, rest.StatusCode);
    }
}

public sealed class WorkedExampleFeedback : IAsyncLifetime
{
    public const string HappyComment = "Setup was easy and the team is really helpful";
    public const string UnhappyComment = "The exports are not good and very slow";

    public FeedbackApp App { get; } = new();

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        var nps = new[] { (10, 5), (10, 40), (9, 60), (9, 90), (9, 170), (8, 10), (8, 50), (7, 100), (6, 120), (3, 20) };
        var request = new SubmitSurveyResponsesRequest();
        request.Responses.AddRange(nps.Select(n => Feedbacks.Survey("acme", "nps", n.Item1, daysAgo: n.Item2)));
        request.Responses.Add(Feedbacks.Survey("acme", "nps", 0, daysAgo: 200));
        request.Responses.AddRange(new[] { 5, 5, 4, 3, 2 }.Select((s, i) => Feedbacks.Survey("acme", "csat", s, daysAgo: 45 + i)));
        request.Responses.Add(Feedbacks.Survey("acme", "ces", 2, HappyComment, daysAgo: 60));
        request.Responses.Add(Feedbacks.Survey("acme", "ces", 3, daysAgo: 61));
        request.Responses.Add(Feedbacks.Survey("acme", "ces", 7, UnhappyComment, daysAgo: 62));
        request.Responses.Add(Feedbacks.Survey("globex", "nps", 10, daysAgo: 3));
        request.Responses.Add(Feedbacks.Survey("globex", "csat", 1, daysAgo: 4));
        request.Responses.Add(Feedbacks.Survey("globex", "ces", 5, daysAgo: 5));
        await App.Grpc.SubmitSurveyResponsesAsync(request);

        await App.Grpc.RecordSupportTicketAsync(Feedbacks.Ticket("acme", "a-1", "open", "urgent", openedHoursAgo: 100, firstResponseAfterHours: 1));
        await App.Grpc.RecordSupportTicketAsync(Feedbacks.Ticket("acme", "a-2", "pending", "low", openedHoursAgo: 90, firstResponseAfterHours: 2));
        await App.Grpc.RecordSupportTicketAsync(Feedbacks.Ticket("acme", "a-3", "solved", "high", openedHoursAgo: 80, firstResponseAfterHours: 4));
        await App.Grpc.RecordSupportTicketAsync(Feedbacks.Ticket("globex", "g-1", "open", "normal", openedHoursAgo: 70, firstResponseAfterHours: 3));
    }

    public Task DisposeAsync() => App.DisposeAsync();
}
