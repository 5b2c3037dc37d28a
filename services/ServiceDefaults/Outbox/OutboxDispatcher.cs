using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CustomerHealth.ServiceDefaults.Outbox;

/// <summary>
/// Forwards committed outbox rows to RabbitMQ. Rows are locked with SKIP LOCKED, so several
/// instances share the work; a row is marked dispatched only after the broker confirmed it, so a
/// crash or a broker outage delays events but never loses them (consumers deduplicate by id).
/// </summary>
internal sealed partial class OutboxDispatcher(
    NpgsqlDataSource dataSource,
    IBus bus,
    OutboxSignal signal,
    OutboxSchema schema,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly OutboxOptions _options = options.Value;
    private DateTimeOffset _nextCleanup = DateTimeOffset.MinValue;
    private DateTimeOffset _nextFullScan = DateTimeOffset.MinValue;
    private long _readFrom;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        var lastRead = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sinceLastRead = DateTimeOffset.UtcNow - lastRead;
                if (sinceLastRead < _options.MinPollSpacing)
                {
                    await Task.Delay(_options.MinPollSpacing - sinceLastRead, stoppingToken);
                }

                lastRead = DateTimeOffset.UtcNow;
                var dispatched = await DispatchBatchAsync(stoppingToken);
                backoff = TimeSpan.Zero;
                await CleanUpAsync(stoppingToken);
                if (dispatched < _options.BatchSize)
                {
                    await signal.WaitAsync(_options.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                backoff = backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
                LogDispatchFailed(ex, backoff.TotalMilliseconds);
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<int> DispatchBatchAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var pending = await ReadPendingAsync(connection, ct);
        if (pending.Count == 0)
        {
            return 0;
        }

        var outcomes = await Task.WhenAll(pending.Select(m => TryPublishAsync(m, ct)));
        var published = pending.Where((_, i) => outcomes[i] == PublishOutcome.Published).Select(m => m.Id).ToArray();
        var unrouted = pending.Where((_, i) => outcomes[i] == PublishOutcome.Unrouted).ToList();
        if (unrouted.Count > 0)
        {
            LogUnrouted(unrouted.Count, string.Join(", ", unrouted.Select(m => m.Type[..m.Type.IndexOf(',', StringComparison.Ordinal)]).Distinct()));
        }

        if (published.Length > 0)
        {
            await using var mark = new NpgsqlCommand(
                $"update {schema.Name}.{OutboxTable.Name} set dispatched_at = now() where id = any(@ids)", connection, transaction);
            mark.Parameters.AddWithValue("ids", published);
            await mark.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        if (published.Length < pending.Count)
        {
            throw new InvalidOperationException($"{pending.Count - published.Length} of {pending.Count} outbox messages could not be published; will retry.");
        }

        return pending.Count;
    }

    private async Task<List<PendingMessage>> ReadPendingAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        if (DateTimeOffset.UtcNow >= _nextFullScan)
        {
            _nextFullScan = DateTimeOffset.UtcNow + _options.FullScanInterval;
            _readFrom = 0;
        }

        await using var read = new NpgsqlCommand(
            $"select id, message_id, message_type, body::text from {schema.Name}.{OutboxTable.Name} " +
            "where dispatched_at is null and id >= @from order by id limit @limit for update skip locked", connection);
        read.Parameters.AddWithValue("from", _readFrom);
        read.Parameters.AddWithValue("limit", _options.BatchSize);
        var pending = new List<PendingMessage>();
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                pending.Add(new PendingMessage(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        if (pending.Count > 0)
        {
            _readFrom = Math.Max(0, pending[0].Id - _options.ReadBehindRows);
        }

        return pending;
    }

    private async Task<PublishOutcome> TryPublishAsync(PendingMessage message, CancellationToken ct)
    {
        var type = OutboxMessageType.Resolve(message.Type);
        if (type is null)
        {
            LogUnknownType(message.Type, message.MessageId);
            return PublishOutcome.Failed;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.PublishTimeout);
        try
        {
            var body = JsonSerializer.Deserialize(message.Body, type, OutboxMessageType.Json)!;
            await bus.Publish(body, type, Pipe.Execute<PublishContext>(c =>
            {
                c.MessageId = message.MessageId;
                c.Mandatory = _options.HoldUntilRouted;
            }), timeout.Token);
            return PublishOutcome.Published;
        }
        catch (MessageReturnedException) when (!ct.IsCancellationRequested)
        {
            return PublishOutcome.Unrouted;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            LogPublishFailed(ex, message.MessageId);
            return PublishOutcome.Failed;
        }
    }

    private async Task CleanUpAsync(CancellationToken ct)
    {
        if (DateTimeOffset.UtcNow < _nextCleanup)
        {
            return;
        }

        _nextCleanup = DateTimeOffset.UtcNow.AddMinutes(5);
        await using var delete = dataSource.CreateCommand(
            $"delete from {schema.Name}.{OutboxTable.Name} where dispatched_at < now() - @keep");
        delete.Parameters.AddWithValue("keep", _options.RetentionAfterDispatch);
        await delete.ExecuteNonQueryAsync(ct);
    }

    private sealed record PendingMessage(long Id, Guid MessageId, string Type, string Body);

    private enum PublishOutcome
    {
        Published,
        Failed,

        /// <summary>The broker returned it: no queue is bound for its type yet (<see cref="OutboxOptions.HoldUntilRouted"/>).</summary>
        Unrouted,
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dispatch failed; retrying in {BackoffMs} ms")]
    private partial void LogDispatchFailed(Exception ex, double backoffMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing outbox message {MessageId} failed")]
    private partial void LogPublishFailed(Exception ex, Guid messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} outbox messages ({Types}) were taken by no queue: their consumers have not declared their queues yet; they stay in the outbox")]
    private partial void LogUnrouted(int count, string types);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} has unknown type {Type}; it stays in the outbox")]
    private partial void LogUnknownType(string type, Guid messageId);
}
