using CustomerHealth.Scoring.Accounts;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static CustomerHealth.Scoring.Tests.Signals.Contracts;

namespace CustomerHealth.Scoring.Tests.Accounts;

/// <summary>Rescoring rewrites the health but keeps the aggregate, and still notices a concurrent change.</summary>
public class RescoringAggregateTests(ScoringApp app) : IClassFixture<ScoringApp>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task A_rescore_that_derives_the_same_alert_spans_rewrites_the_health_but_not_the_aggregate()
    {
        var account = NewAccount();
        await app.PublishAsync(Revenue(account, 300_00, Now.AddDays(-3)));
        await app.WaitForSignalsAsync(account, 1);
        var aggregateBefore = await VersionAsync("mt_doc_scoredaccount", account);
        var healthBefore = await VersionAsync("mt_doc_accounthealth", account);

        await app.Services.GetRequiredService<AccountScoring>().ApplyAsync([new RescoreRequested(account, Now.AddDays(-1))], CancellationToken.None);

        Assert.Equal(aggregateBefore, await VersionAsync("mt_doc_scoredaccount", account));
        Assert.NotEqual(healthBefore, await VersionAsync("mt_doc_accounthealth", account));
    }

    [Fact]
    public async Task Keeping_an_aggregate_that_another_writer_changed_meanwhile_fails_the_transaction_as_a_serialization_failure()
    {
        var account = NewAccount();
        await app.PublishAsync(Revenue(account, 300_00, Now.AddDays(-3)));
        await app.WaitForSignalsAsync(account, 1);
        var store = app.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession();
        var read = (await session.LoadAsync<ScoredAccount>(account))!;

        await app.PublishAsync(Revenue(account, 400_00, Now.AddDays(-2)));
        await app.WaitForSignalsAsync(account, 2);
        ScoredAccountVersionCheck.Queue(session, store.Options.DatabaseSchemaName, read);
        var failure = await Record.ExceptionAsync(() => session.SaveChangesAsync());

        // Marten reports the serialization failure as its own write collision, like a failed version check on a write.
        var collision = Assert.IsType<Marten.Exceptions.ConcurrentUpdateException>(failure);
        Assert.Equal(PostgresErrorCodes.SerializationFailure, Assert.IsType<PostgresException>(collision.InnerException).SqlState);
    }

    private async Task<string> VersionAsync(string table, string account)
    {
        await using var connection = new NpgsqlConnection(app.Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select mt_version::text from scoring.{table} where id = @id", connection);
        command.Parameters.AddWithValue("id", account);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
