using CustomerHealth.ServiceDefaults.Health;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace CustomerHealth.ServiceDefaults.Messaging;

public static class BusRegistration
{
    /// <summary>
    /// MassTransit on RabbitMQ (ConnectionStrings:RabbitMq, an amqp:// URI). Queues are named
    /// "{service}-{consumer}", durable. The service starts even while the broker is down (the bus
    /// keeps reconnecting), and readiness reports the broker as Degraded rather than failing:
    /// writes go to the outbox and must not be refused because the broker is away.
    /// </summary>
    public static IHostApplicationBuilder AddCustomerHealthBus(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? configureConsumers = null,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureBus = null)
    {
        var broker = RabbitMqAddress.Parse(builder.Configuration.GetRequiredConnectionString("RabbitMq"));
        builder.Services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            configureConsumers?.Invoke(x);
            x.ConfigureHealthCheckOptions(o =>
            {
                o.Name = "rabbitmq";
                o.MinimalFailureStatus = HealthStatus.Degraded;
                o.Tags.Add(HealthRegistration.ReadyTag);
            });
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(broker.Host, broker.Port, broker.VirtualHost, h =>
                {
                    h.Username(broker.Username);
                    h.Password(broker.Password);
                });
                cfg.PrefetchCount = 64;
                // Transient faults (a database restart, a concurrency conflict) get a few quick
                // retries; what still fails lands in the queue's _error queue, not lost.
                cfg.UseMessageRetry(r =>
                {
                    r.Incremental(8, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500));
                    r.Ignore<ArgumentException>();
                });
                configureBus?.Invoke(context, cfg);
                cfg.ConfigureEndpoints(context);
            });
        });
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            // Never hold start-up hostage to the broker; MassTransit reconnects in the background.
            o.WaitUntilStarted = false;
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });
        return builder;
    }
}
