using CustomerHealth.Feedback.Metrics;
using CustomerHealth.Feedback.Surveys;
using CustomerHealth.Feedback.Tickets;
using CustomerHealth.Feedback.V1;
using Microsoft.Extensions.Options;

namespace CustomerHealth.Feedback.Api;

/// <summary>gRPC (and, by JSON transcoding, REST) service; one partial file per slice.</summary>
public sealed partial class FeedbackGrpcService(
    SurveyResponseRecorder surveys, SupportTicketRecorder tickets, FeedbackQueries queries, IOptions<FeedbackOptions> options, TimeProvider clock) : FeedbackService.FeedbackServiceBase;
