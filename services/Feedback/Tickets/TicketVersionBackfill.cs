using Marten;

namespace CustomerHealth.Feedback.Tickets;

/// <summary>
/// Gives ticket versions recorded before versions were kept as rows (<see cref="SupportTicketVersion"/>)
/// their rows, from the ticket streams, so metrics at a moment see every ticket. Idempotent (an upsert
/// of the same row); cheap when there is nothing to do (two counts at start).
/// </summary>
public sealed partial class TicketVersionBackfill(IDocumentStore store, ILogger<TicketVersionBackfill> logger) : BackgroundService
{
    private const int RowsPerTransaction = 500;
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    /// <returns>How many versions were given rows (0 when none was missing).</returns>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await using var query = store.QuerySession();
        var events = query.Events.QueryRawEventDataOnly<SupportTicketVersionRecorded>();
        if (await query.Query<SupportTicketVersion>().CountAsync(ct) >= await events.CountAsync(ct))
        {
            return 0;
        }

        var written = 0;
        foreach (var chunk in (await events.ToListAsync(ct)).Chunk(RowsPerTransaction))
        {
            await using var session = store.LightweightSession();
            session.Store(chunk.Select(SupportTicketVersion.From).ToArray());
            await session.SaveChangesAsync(ct);
            written += chunk.Length;
        }

        return written;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var written = await RunAsync(stoppingToken);
                if (written > 0)
                {
                    LogBackfilled(written);
                }

                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // PostgreSQL away at start, most likely: try again shortly.
                LogFailed(ex);
            }

            await Task.Delay(RetryAfter, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored {Count} ticket versions recorded before versions were kept as rows")]
    private partial void LogBackfilled(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ticket version backfill failed; retrying")]
    private partial void LogFailed(Exception ex);
}
