using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace CustomerHealth.BillingBench;

/// <summary>
/// Counts what reached RabbitMQ: a queue of its own bound to the exchange MassTransit publishes a
/// message type to, consumed with automatic acknowledgement. Bound after a first message created the
/// exchange, so MassTransit declares it exactly as it wants; that first message is not counted.
/// The queue is transient (not durable, deleted with the connection): RabbitMQ then keeps no copy of
/// the persistent messages on disk for the bench, whose figures would otherwise include storing
/// every message a second time.
/// </summary>
public sealed class BrokerCounter : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private long _count;

    private BrokerCounter(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    /// <param name="exchange">MassTransit's exchange name, e.g. "CustomerHealth.Contracts.Billing:RevenueChangedV1".</param>
    public static async Task<BrokerCounter> BindAsync(string amqp, string exchange, TimeSpan wait)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(amqp) }.CreateConnectionAsync();
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var probe = await connection.CreateChannelAsync();
            try
            {
                await probe.ExchangeDeclarePassiveAsync(exchange);
                break;
            }
            catch (OperationInterruptedException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
            finally
            {
                await probe.DisposeAsync();
            }
        }

        var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, exchange, "");
        var counter = new BrokerCounter(connection, channel);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, _) =>
        {
            Interlocked.Increment(ref counter._count);
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        return counter;
    }

    /// <summary>Messages delivered to the bench's queue so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
