using MassTransit;

namespace CustomerHealth.Scoring.Signals;

public static class SignalConsumerRegistration
{
    /// <summary>Batches of up to 200 messages or 20 ms, whichever comes first.</summary>
    public static void AddSignalConsumers(this IBusRegistrationConfigurator bus)
    {
        Add<RevenueChangedConsumer>(bus);
        Add<PaymentFailedConsumer>(bus);
        Add<PaymentRecoveredConsumer>(bus);
        Add<SubscriptionCancelledConsumer>(bus);
        Add<RenewalDateChangedConsumer>(bus);
        Add<AccountUsageChangedConsumer>(bus);
        Add<SurveyAnsweredConsumer>(bus);
        Add<SupportTicketChangedConsumer>(bus);
    }

    private static void Add<TConsumer>(IBusRegistrationConfigurator bus)
        where TConsumer : class, IConsumer =>
        bus.AddConsumer<TConsumer>(c => c.Options<BatchOptions>(o => o
            .SetMessageLimit(200)
            .SetTimeLimit(TimeSpan.FromMilliseconds(20))
            .SetConcurrencyLimit(1)));
}
