using MassTransit;

namespace CustomerHealth.Scoring.Signals;

public static class SignalConsumerRegistration
{
    /// <summary>
    /// Many messages in flight per queue: they wait in <see cref="SignalIntake"/> while the previous
    /// transaction commits, so transactions grow with the load instead of waiting on a timer.
    /// </summary>
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
        bus.AddConsumer<TConsumer>().Endpoint(e =>
        {
            e.PrefetchCount = SignalIntakeSettings.InFlightPerQueue;
            e.ConcurrentMessageLimit = SignalIntakeSettings.InFlightPerQueue;
        });
}
