using CustomerHealth.ServiceDefaults.Messaging;
using MassTransit;

namespace CustomerHealth.ScoringBench;

/// <summary>A MassTransit bus on the scoring service's virtual host, publishing contract events as billing, usage and feedback do.</summary>
public sealed class SignalPublisher : IAsyncDisposable
{
    private readonly IBusControl _bus;

    private SignalPublisher(IBusControl bus) => _bus = bus;

    public static async Task<SignalPublisher> StartAsync(string amqpUri)
    {
        var broker = RabbitMqAddress.Parse(amqpUri);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(broker.Host, broker.Port, broker.VirtualHost, h =>
        {
            h.Username(broker.Username);
            h.Password(broker.Password);
        }));
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return new SignalPublisher(bus);
    }

    /// <summary>Returns once the broker confirmed the message (publisher confirms): it is then durable in scoring's queue.</summary>
    public async Task PublishAsync(object message)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _bus.Publish(message, message.GetType(), timeout.Token);
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
