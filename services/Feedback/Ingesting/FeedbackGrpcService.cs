using CustomerHealth.Feedback.V1;

namespace CustomerHealth.Feedback.Ingesting;

/// <summary>customerhealth.feedback.v1.FeedbackService; its RPCs are added by the feedback issue.</summary>
public sealed class FeedbackGrpcService : FeedbackService.FeedbackServiceBase;
