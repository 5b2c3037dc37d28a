using System.Threading.Channels;
using CustomerHealth.ServiceDefaults.Resilience;
using CustomerHealth.Usage.Metrics;
using CustomerHealth.Usage.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CustomerHealth.Usage.RecordingEvents;

/// <summary>
/// Writes chunks of valid events durably, on a small set of dedicated connections (which also bounds
/// how many write transactions run at once). Returns only after commit: what it counts as new is in
/// PostgreSQL. Deadlocks and lost connections are retried; a chunk is all-or-nothing, so a retry never
/// counts an event twice.
/// </summary>
public sealed partial class EventWriter : IAsyncDisposable
{
    private const int Attempts = 3;
    private readonly NpgsqlDataSource _dataSource;
    private readonly UsagePartitions _partitions;
    private readonly int _influenceDays;
    private readonly ILogger<EventWriter> _logger;
    private readonly Channel<WriterSession?> _sessions;

    public EventWriter(NpgsqlDataSource dataSource, UsagePartitions partitions, IOptions<UsageOptions> options, ILogger<EventWriter> logger)
    {
        _dataSource = dataSource;
        _partitions = partitions;
        _logger = logger;
        _influenceDays = UsageWindows.From(options.Value).InfluenceDays;
        _sessions = Channel.CreateBounded<WriterSession?>(options.Value.Writers);
        for (var i = 0; i < options.Value.Writers; i++)
        {
            _sessions.Writer.TryWrite(null);
        }
    }

    /// <returns>How many events were new (the rest were duplicates).</returns>
    public async Task<int> WriteAsync(IReadOnlyList<ValidUsageEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        await EnsurePartitionsAsync(events, ct);
        var session = await _sessions.Reader.ReadAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    session ??= await WriterSession.OpenAsync(_dataSource, _influenceDays, ct);
                    return await session.WriteAsync(events, ct);
                }
                catch (Exception ex)
                {
                    // The connection's state is unknown after any failure: start the next attempt on a fresh one.
                    if (session is not null)
                    {
                        await session.DisposeAsync();
                        session = null;
                    }

                    var missingPartition = ex is PostgresException { SqlState: PostgresErrorCodes.CheckViolation } pg
                                           && pg.MessageText.Contains("no partition", StringComparison.Ordinal);
                    if (attempt >= Attempts || ct.IsCancellationRequested || !(missingPartition || TransientFailure.IsTransient(ex)))
                    {
                        throw;
                    }

                    LogRetry(ex, attempt);
                    if (missingPartition)
                    {
                        // Another instance's retention run dropped a partition we thought we had.
                        _partitions.Forget();
                        await EnsurePartitionsAsync(events, ct);
                    }
                    else
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), ct);
                    }
                }
            }
        }
        finally
        {
            _sessions.Writer.TryWrite(session);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _sessions.Writer.TryComplete();
        while (_sessions.Reader.TryRead(out var session))
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }
    }

    private Task EnsurePartitionsAsync(IReadOnlyList<ValidUsageEvent> events, CancellationToken ct)
    {
        HashSet<DateOnly>? missing = null;
        var last = default(DateOnly);
        foreach (var e in events)
        {
            var day = e.Day;
            if (day != last && !_partitions.IsKnown(day))
            {
                (missing ??= []).Add(day);
            }

            last = day;
        }

        return missing is null ? Task.CompletedTask : _partitions.EnsureDaysAsync(missing, ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing usage events failed (attempt {Attempt}); retrying")]
    private partial void LogRetry(Exception ex, int attempt);
}
