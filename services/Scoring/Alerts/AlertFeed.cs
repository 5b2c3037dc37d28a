using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using CustomerHealth.Scoring.Accounts;
using CustomerHealth.Scoring.V1;
using Marten;
using Npgsql;

namespace CustomerHealth.Scoring.Alerts;

/// <summary>
/// Live alert changes for WatchAlerts. Every alert change commits a pg_notify on
/// <see cref="AccountScoring.AlertChannel"/>, so each instance hears changes made by any instance;
/// this service LISTENs, loads the alert and fans it out to the local watchers.
/// </summary>
public sealed partial class AlertFeed(NpgsqlDataSource dataSource, IDocumentStore store, ILogger<AlertFeed> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, Channel<ChurnRiskAlert>> _watchers = new();

    public async IAsyncEnumerable<ChurnRiskAlert> WatchAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var id = Guid.NewGuid();
        // A slow watcher loses its oldest updates rather than holding memory without bound.
        var channel = Channel.CreateBounded<ChurnRiskAlert>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        _watchers[id] = channel;
        try
        {
            await foreach (var alert in channel.Reader.ReadAllAsync(ct))
            {
                yield return alert;
            }
        }
        finally
        {
            _watchers.TryRemove(id, out _);
        }
    }

    public static bool Matches(ChurnRiskAlert alert, PortfolioFilter? filter) =>
        filter is null
        || ((filter.OwnerCsm.Length == 0 || filter.OwnerCsm == alert.OwnerCsm)
            && (filter.Segment.Length == 0 || string.Equals(filter.Segment, alert.Segment, StringComparison.OrdinalIgnoreCase))
            && (filter.Bands.Count == 0 || filter.Bands.Contains(alert.Band)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                var changed = Channel.CreateUnbounded<string>();
                connection.Notification += (_, e) => changed.Writer.TryWrite(e.Payload);
                await using (var listen = new NpgsqlCommand($"listen {AccountScoring.AlertChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                var forward = ForwardAsync(changed.Reader, stoppingToken);
                try
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await connection.WaitAsync(stoppingToken);
                    }
                }
                finally
                {
                    changed.Writer.TryComplete();
                    await forward.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogListenFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ForwardAsync(ChannelReader<string> changed, CancellationToken ct)
    {
        await foreach (var alertId in changed.ReadAllAsync(ct))
        {
            if (_watchers.IsEmpty)
            {
                continue;
            }

            await using var session = store.QuerySession();
            if (await session.LoadAsync<ChurnRiskAlert>(alertId, ct) is { } alert)
            {
                foreach (var watcher in _watchers.Values)
                {
                    watcher.Writer.TryWrite(alert);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for alert changes failed; reconnecting")]
    private partial void LogListenFailed(Exception ex);
}
