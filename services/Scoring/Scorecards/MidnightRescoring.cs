using CustomerHealth.Scoring.Accounts;
using Npgsql;

namespace CustomerHealth.Scoring.Scorecards;

/// <summary>
/// At each UTC midnight every account is re-evaluated: time alone changes staleness and rules such
/// as "ticket open more than 3 days" or "renewal within 90 days". One instance does it (advisory lock).
/// </summary>
public sealed partial class MidnightRescoring(AccountScoring scoring, NpgsqlDataSource dataSource, TimeProvider clock, ILogger<MidnightRescoring> logger) : BackgroundService
{
    private const long LockKey = 0x5C0_41D_ABCL;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);
            await Task.Delay(midnight - now + TimeSpan.FromSeconds(1), clock, stoppingToken);
            try
            {
                await RescoreAllAsync(midnight, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(ex);
            }
        }
    }

    public async Task RescoreAllAsync(DateTimeOffset from, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var tryLock = new NpgsqlCommand($"select pg_try_advisory_lock({LockKey})", connection))
        {
            if (await tryLock.ExecuteScalarAsync(ct) is not true)
            {
                return;
            }
        }

        var after = "";
        while (true)
        {
            var ids = new List<string>();
            await using (var page = new NpgsqlCommand("select id from scoring.mt_doc_scoredaccount where id > @after order by id limit 500", connection))
            {
                page.Parameters.AddWithValue("after", after);
                await using var reader = await page.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    ids.Add(reader.GetString(0));
                }
            }

            if (ids.Count == 0)
            {
                break;
            }

            await scoring.ApplyAsync([.. ids.Select(id => new RescoreRequested(id, from))], ct);
            after = ids[^1];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Midnight rescoring failed")]
    private partial void LogFailed(Exception ex);
}
