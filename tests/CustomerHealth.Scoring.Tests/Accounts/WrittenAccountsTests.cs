using CustomerHealth.Scoring.Accounts;
using CustomerHealth.ServiceDefaults.Persistence;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static CustomerHealth.Scoring.Tests.Signals.Contracts;

namespace CustomerHealth.Scoring.Tests.Accounts;

/// <summary>The aggregates scoring keeps after writing them are used only while the database still holds that version.</summary>
public class WrittenAccountsTests(ScoringApp app) : IClassFixture<ScoringApp>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task An_aggregate_written_elsewhere_since_scoring_last_wrote_it_is_read_again_and_what_was_written_there_stays()
    {
        var account = NewAccount();
        await app.PublishAsync(Revenue(account, 300_00, Now.AddDays(-3)));
        await app.WaitForSignalsAsync(account, 1);
        Assert.True(app.Services.GetRequiredService<WrittenDocumentCache<ScoredAccount>>().Holds(account));

        // Another instance writes the aggregate (here an override): scoring's kept copy is now stale.
        var store = app.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            var aggregate = (await session.LoadAsync<ScoredAccount>(account))!;
            session.Store(aggregate with { Override = new ScoreOverride("red", null, "written elsewhere", Now.AddDays(5), "csm-1", Now) });
            await session.SaveChangesAsync();
        }

        await app.PublishAsync(Revenue(account, 400_00, Now.AddDays(-2)));
        await app.WaitForSignalsAsync(account, 2);

        await using var query = store.QuerySession();
        var stored = (await query.LoadAsync<ScoredAccount>(account))!;
        Assert.Equal("written elsewhere", stored.Override?.Reason);
        Assert.Equal([300_00, 400_00], stored.Facts.Revenue.Select(r => r.MrrMinor).Order());
    }
}
