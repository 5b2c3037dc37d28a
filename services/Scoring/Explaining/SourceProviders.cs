using Google.Protobuf;
using Grpc.Core;

namespace CustomerHealth.Scoring.Explaining;

/// <summary>Usage detail behind stickiness, seat utilisation, usage trend and feature adoption.</summary>
public sealed class UsageSourceProvider(Usage.V1.UsageService.UsageServiceClient client) : ISourceDetailProvider
{
    public string Service => "usage";

    public async Task<string> FetchJsonAsync(string accountId, DateTime deadline, CancellationToken ct)
    {
        var usage = await client.GetAccountUsageAsync(new Usage.V1.GetAccountUsageRequest { AccountId = accountId }, deadline: deadline, cancellationToken: ct);
        var adoption = await client.GetFeatureAdoptionAsync(new Usage.V1.GetFeatureAdoptionRequest { AccountId = accountId }, deadline: deadline, cancellationToken: ct);
        return $"{{\"usage\":{JsonFormatter.Default.Format(usage)},\"feature_adoption\":{JsonFormatter.Default.Format(adoption)}}}";
    }
}

/// <summary>Billing detail behind payment health and revenue trend: MRR history and payment status.</summary>
public sealed class BillingSourceProvider(Billing.V1.BillingService.BillingServiceClient client) : ISourceDetailProvider
{
    public string Service => "billing";

    public async Task<string> FetchJsonAsync(string accountId, DateTime deadline, CancellationToken ct) =>
        JsonFormatter.Default.Format(await client.GetAccountRevenueAsync(
            new Billing.V1.GetAccountRevenueRequest { AccountId = accountId }, deadline: deadline, cancellationToken: ct));
}

/// <summary>Feedback detail behind NPS, CSAT, CES and ticket pressure.</summary>
public sealed class FeedbackSourceProvider(Feedback.V1.FeedbackService.FeedbackServiceClient client) : ISourceDetailProvider
{
    public string Service => "feedback";

    public async Task<string> FetchJsonAsync(string accountId, DateTime deadline, CancellationToken ct) =>
        JsonFormatter.Default.Format(await client.GetAccountFeedbackAsync(
            new Feedback.V1.GetAccountFeedbackRequest { AccountId = accountId }, deadline: deadline, cancellationToken: ct));
}
