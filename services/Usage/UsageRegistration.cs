using CustomerHealth.Usage.PublishingSignals;
using CustomerHealth.Usage.ReadingUsage;
using CustomerHealth.Usage.RecordingEvents;
using CustomerHealth.Usage.Retention;
using CustomerHealth.Usage.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CustomerHealth.Usage;

public static class UsageRegistration
{
    /// <summary>The usage slices; call after AddCustomerHealthMarten, which registers the data source and outbox.</summary>
    public static IHostApplicationBuilder AddUsage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<UsageOptions>().BindConfiguration(UsageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<UsagePartitions>();
        services.AddHostedService<UsageSchemaInitializer>();

        services.AddSingleton<EventWriter>();
        services.AddSingleton<EventRecorder>();

        services.AddSingleton<UsageHistoryReader>();
        services.AddSingleton<AccountDirectory>();
        services.AddSingleton<AccountUsageQuery>();
        services.AddSingleton<FeatureAdoptionQuery>();
        services.AddSingleton<TopFeaturesQuery>();

        services.AddSingleton<SignalScheduler>();
        services.AddSingleton<SignalDrain>();
        services.AddHostedService<SignalPublishing>();

        services.AddSingleton<RetentionJob>();
        services.AddHostedService<RetentionSchedule>();
        return builder;
    }
}
