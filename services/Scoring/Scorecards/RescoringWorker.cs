using System.Runtime.CompilerServices;
using CustomerHealth.Scoring.Accounts;
using Marten;
using Npgsql;

namespace CustomerHealth.Scoring.Scorecards;

/// <summary>
/// Rescores every account after a scorecard change, 500 accounts per transaction on a few workers, recording progress
/// so it is visible and resumes after a restart. Scores before the version's start keep the old version.
/// </summary>
public sealed partial class RescoringWorker(
    ScorecardPublishing publishing,
    AccountScoring scoring,
    IDocumentStore store,
    NpgsqlDataSource dataSource,
    TimeProvider clock,
    IConfiguration configuration,
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
        var saved = done;
        using var saving = new SemaphoreSlim(1, 1);

        // Workers take disjoint lock stripes, so they never wait on each other, and keep both the
        // service and PostgreSQL busy instead of taking turns.
        var workers = Math.Max(1, configuration.GetValue("Scoring:Rescoring:Workers", 3));
        await Parallel.ForEachAsync(Enumerable.Range(0, workers), ct, async (worker, token) =>
        {
            await foreach (var ids in BatchesAsync(table, worker, workers, token))
            {
                await scoring.ApplyAsync([.. ids.Select(id => new RescoreRequested(id, scorecard.EffectiveFrom))], token);
                var total = Interlocked.Add(ref done, ids.Count);
                await saving.WaitAsync(token);
                try
                {
                    // Progress only moves forward, whichever worker reports first.
                    if (total > saved)
                    {
                        saved = total;
                        await SaveProgressAsync(progress with { AccountsDone = total, AccountsTotal = Math.Max(total, progress.AccountsTotal) }, token);
                    }
                }
                finally
                {
                    saving.Release();
                }
            }
        });

        await SaveProgressAsync(progress with { AccountsDone = done, AccountsTotal = Math.Max(done, progress.AccountsTotal), CompletedAt = clock.GetUtcNow() }, ct);
        LogRescored(version, done);
    }

    /// <summary>Every account of this worker's lock stripes, <see cref="BatchSize"/> at a time, in id order.</summary>
    private async IAsyncEnumerable<List<string>> BatchesAsync(string table, int worker, int workers, [EnumeratorCancellation] CancellationToken ct)
    {
        var after = "";
        var batch = new List<string>(BatchSize);
        while (true)
        {
            var ids = await NextIdsAsync(table, after, ct);
            if (ids.Count == 0)
            {
                break;
            }

            after = ids[^1];
            foreach (var id in ids.Where(id => AccountLocks.StripeOf(id) % workers == worker))
            {
                batch.Add(id);
                if (batch.Count == BatchSize)
                {
                    yield return batch;
                    batch = new List<string>(BatchSize);
                }
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private async Task<List<string>> NextIdsAsync(string table, string after, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"select id from {table} where id > @after order by id limit 5000");
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
