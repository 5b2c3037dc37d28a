using CustomerHealth.Feedback.Metrics;
using CustomerHealth.Feedback.V1;
using CustomerHealth.ServiceDefaults.Validation;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace CustomerHealth.Feedback.Api;

public sealed partial class FeedbackGrpcService
{
    private const int RecentResponses = 20;

    public override async Task<GetAccountFeedbackResponse> GetAccountFeedback(GetAccountFeedbackRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations().RequireId("account_id", request.AccountId);
        var (start, asOf) = Window(request.WindowDays, request.AsOf, violations);
        var ct = context.CancellationToken;
        if (!await queries.IsKnownAsync(request.AccountId, ct))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"Feedback has no survey response or ticket for account '{request.AccountId}'."));
        }

        var metrics = Metrics(await queries.FiguresAsync(request.AccountId, start, asOf, ct), start, asOf);
        metrics.AccountId = request.AccountId;
        metrics.RecentResponses.AddRange((await queries.RecentAsync(request.AccountId, start, asOf, RecentResponses, ct)).Select(r =>
        {
            var summary = new SurveyResponseSummary
            {
                EventId = r.Id, Kind = r.Kind, Score = r.Score, RespondentId = r.RespondentId, Comment = r.Comment,
                OccurredAt = Timestamp.FromDateTimeOffset(r.OccurredAt),
            };
            if (r.CommentSentiment is { } sentiment)
            {
                summary.CommentSentiment = sentiment;
            }

            return summary;
        }));
        return new GetAccountFeedbackResponse { Metrics = metrics };
    }

    public override async Task<GetPortfolioFeedbackResponse> GetPortfolioFeedback(GetPortfolioFeedbackRequest request, ServerCallContext context)
    {
        var (start, asOf) = Window(request.WindowDays, request.AsOf, new FieldViolations());
        var figures = await queries.FiguresAsync(null, start, asOf, context.CancellationToken);
        return new GetPortfolioFeedbackResponse { Metrics = Metrics(figures, start, asOf), Accounts = figures.Accounts };
    }

    private (DateTimeOffset Start, DateTimeOffset AsOf) Window(int windowDays, Timestamp? asOfValue, FieldViolations violations)
    {
        if (windowDays is < 0 or > 3650)
        {
            violations.Add("window_days", "must be between 1 and 3650 (0 means the configured default).");
        }

        violations.ThrowIfAny();
        var days = windowDays == 0 ? options.Value.WindowDays : windowDays;
        var asOf = asOfValue?.ToDateTimeOffset() ?? clock.GetUtcNow();
        return (asOf.AddDays(-days), asOf);
    }

    private static FeedbackMetrics Metrics(FeedbackFigures f, DateTimeOffset start, DateTimeOffset asOf)
    {
        var metrics = new FeedbackMetrics
        {
            WindowDays = (int)Math.Round((asOf - start).TotalDays),
            WindowStart = Timestamp.FromDateTimeOffset(start),
            AsOf = Timestamp.FromDateTimeOffset(asOf),
            NpsResponses = f.NpsResponses,
            Promoters = f.Promoters,
            Passives = f.Passives,
            Detractors = f.Detractors,
            CsatResponses = f.CsatResponses,
            CesResponses = f.CesResponses,
            Comments = f.Comments,
            TicketsOpened = f.TicketsOpened,
            OpenTickets = new TicketsByPriority
            {
                Low = f.OpenTicketsByPriority.GetValueOrDefault("low"),
                Normal = f.OpenTicketsByPriority.GetValueOrDefault("normal"),
                High = f.OpenTicketsByPriority.GetValueOrDefault("high"),
                Urgent = f.OpenTicketsByPriority.GetValueOrDefault("urgent"),
                Total = f.OpenTicketsByPriority.Values.Sum(),
            },
        };
        if (f.Nps is { } nps)
        {
            metrics.Nps = nps;
        }

        if (f.Csat is { } csat)
        {
            metrics.Csat = csat;
        }

        if (f.CesMean is { } ces)
        {
            metrics.Ces = ces;
        }

        if (f.AverageSentiment is { } sentiment)
        {
            metrics.AverageSentiment = sentiment;
        }

        if (f.MedianFirstResponseSeconds is { } median)
        {
            metrics.MedianFirstResponseSeconds = median;
        }

        return metrics;
    }
}
