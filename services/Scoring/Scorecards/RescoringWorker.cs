using CustomerHealth.Scoring.Accounts;
using Marten;
using Npgsql;

namespace CustomerHealth.Scoring.Scorecards;

/// <summary>
/// Rescores every account after a scorecard change, 500 accounts per transaction, recording progress
/// so it is visible and resumes after a restart. Scores before the version's start keep the old version.
/// </summary>
public sealed partial class RescoringWorker(
    ScorecardPublishing publishing,
    AccountScoring scoring,
    IDocumentStore store,
    NpgsqlDataSource dataSource,
    TimeProvider clock,
    ILogger<RescoringWorker> logger) : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await ResumeUnfinishedAsync(stoppingToken);
        await foreach (var version in publishing.Queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RescoreAsync(version, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRescoreFailed(ex, version);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
                publishing.Resume(version);
            }
        }
    }

    private async Task ResumeUnfinishedAsync(CancellationToken ct)
    {
        try
        {
            await using var session = store.QuerySession();
            foreach (var unfinished in await session.Query<RescoreProgressDocument>().Where(p => p.CompletedAt == null).ToListAsync(ct))
            {
                publishing.Resume(unfinished.Id);
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            LogRescoreFailed(ex, 0);
        }
    }

    private async Task RescoreAsync(int version, CancellationToken ct)
    {
        await using var read = store.QuerySession();
        var scorecard = await read.LoadAsync<Scorecard>(version, ct);
        var progress = await read.LoadAsync<RescoreProgressDocument>(version, ct);
        if (scorecard is null || progress is null || progress.CompletedAt is not null)
        {
            return;
        }

        var table = $"{store.Options.DatabaseSchemaName}.mt_doc_scoredaccount";
        var done = progress.AccountsDone;
        var after = "";
        while (true)
        {
            var ids = await NextIdsAsync(table, after, ct);
            if (ids.Count == 0)
            {
                break;
            }

            await scoring.ApplyAsync([.. ids.Select(id => new RescoreRequested(id, scorecard.EffectiveFrom))], ct);
            done += ids.Count;
            after = ids[^1];
            await SaveProgressAsync(progress with { AccountsDone = Math.Min(done, Math.Max(done, progress.AccountsTotal)) }, ct);
        }

        await SaveProgressAsync(progress with { AccountsDone = done, AccountsTotal = Math.Max(done, progress.AccountsTotal), CompletedAt = clock.GetUtcNow() }, ct);
        LogRescored(version, done);
    }

    private async Task<List<string>> NextIdsAsync(string table, string after, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"select id from {table} where id > @after order by id limit {BatchSize}");
        command.Parameters.AddWithValue("after", after);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private async Task SaveProgressAsync(RescoreProgressDocument progress, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.Store(progress);
        await session.SaveChangesAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rescored {Accounts} accounts for scorecard version {Version}")]
    private partial void LogRescored(int version, long accounts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rescoring for scorecard version {Version} failed; retrying")]
    private partial void LogRescoreFailed(Exception ex, int version);
}
