using Grpc.Core;
using Grpc.Net.Client.Configuration;

namespace CustomerHealth.Scoring.Explaining;

public static class SourceClientRegistration
{
    /// <summary>
    /// gRPC clients for the explain drill-down (Services:{Usage,Billing,Feedback}:Grpc), through the
    /// client factory. Only UNAVAILABLE is retried: it is the one status that says "try again".
    /// </summary>
    public static void AddSourceDetailClients(this IHostApplicationBuilder builder)
    {
        var retry = new ServiceConfig
        {
            MethodConfigs =
            {
                new MethodConfig
                {
                    Names = { MethodName.Default },
                    RetryPolicy = new RetryPolicy
                    {
                        MaxAttempts = 3,
                        InitialBackoff = TimeSpan.FromMilliseconds(100),
                        MaxBackoff = TimeSpan.FromMilliseconds(500),
                        BackoffMultiplier = 2,
                        RetryableStatusCodes = { StatusCode.Unavailable },
                    },
                },
            },
        };

        void Add<TClient>(string service)
            where TClient : class =>
            builder.Services.AddGrpcClient<TClient>(o => o.Address = new Uri(builder.Configuration[$"Services:{service}:Grpc"]
                    ?? throw new InvalidOperationException($"Services:{service}:Grpc is not set.")))
                .ConfigureChannel(c => c.ServiceConfig = retry);

        Add<Usage.V1.UsageService.UsageServiceClient>("Usage");
        Add<Billing.V1.BillingService.BillingServiceClient>("Billing");
        Add<Feedback.V1.FeedbackService.FeedbackServiceClient>("Feedback");
        builder.Services.AddTransient<ISourceDetailProvider, UsageSourceProvider>();
        builder.Services.AddTransient<ISourceDetailProvider, BillingSourceProvider>();
        builder.Services.AddTransient<ISourceDetailProvider, FeedbackSourceProvider>();
    }
}
