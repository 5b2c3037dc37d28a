using CustomerHealth.Scoring.Portfolio;
using CustomerHealth.Scoring.V1;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static CustomerHealth.Scoring.Tests.Signals.Contracts;

namespace CustomerHealth.Scoring.Tests.Accounts;

/// <summary>
/// Each write starts from the health the account showed before (kept on its aggregate): score
/// movements start there and the portfolio totals move the account out of the cell it was in.
/// </summary>
public class ShownHealthTests(ScoringApp app) : IClassFixture<ScoringApp>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task A_score_movement_starts_from_the_score_shown_before_holds_while_the_score_holds_and_the_totals_follow_the_account()
    {
        var account = NewAccount();
        await app.Grpc.UpsertAccountAsync(new UpsertAccountRequest { AccountId = account, Name = "Shown", OwnerCsm = "dana", Segment = "smb" });
        await app.PublishAsync(Revenue(account, 300_00, Now.AddDays(-100)));
        var first = await app.WaitForHealthAsync(account, h => h.RevenueEventCount == 1);
        var fall = Revenue(account, 150_00, Now.AddDays(-2));

        await app.PublishAsync(fall);
        var fallen = await app.WaitForHealthAsync(account, h => h.RevenueEventCount == 2);
        await app.Grpc.UpsertAccountAsync(new UpsertAccountRequest { AccountId = account, Name = "Shown", OwnerCsm = "lee", Segment = "smb" });
        var moved = await app.WaitForHealthAsync(account, h => h.OwnerCsm == "lee");
        await app.PublishAsync(PaymentFailed(account, "inv-1", Now.AddHours(-1)));
        await app.WaitForSignalsAsync(account, 3);
        var failed = (await app.Grpc.GetAccountHealthAsync(new GetAccountHealthRequest { AccountId = account })).Health;

        Assert.NotEqual(first.Score, fallen.Score);
        Assert.Equal((first.Score, fallen.Score), (fallen.LastMovement.FromScore, fallen.LastMovement.ToScore));
        Assert.Equal([$"billing/revenue/{fall.EventId}"], fallen.LastMovement.SourceIds);
        Assert.Equal(fallen.Score, moved.Score);
        Assert.Equal(fallen.LastMovement, moved.LastMovement);
        Assert.False(await TotalsDriftedAsync());
        Assert.NotEqual((fallen.EffectiveBand, fallen.OpenAlerts.Count), (failed.EffectiveBand, failed.OpenAlerts.Count));
        Assert.Equal(1, await AccountsInTotalsAsync("lee", failed.EffectiveBand, failed.OpenAlerts.Count > 0));
        Assert.Equal((0, 1), (await AccountsInTotalsAsync("dana"), await AccountsInTotalsAsync("lee")));
    }

    [Fact]
    public async Task An_aggregate_stored_before_it_kept_the_shown_health_starts_from_the_health_document_instead()
    {
        var account = NewAccount();
        await app.PublishAsync(Revenue(account, 300_00, Now.AddDays(-100)));
        var first = await app.WaitForHealthAsync(account, h => h.RevenueEventCount == 1);
        await app.ScalarAsync("update scoring.mt_doc_scoredaccount set data = data - 'Shown' where id = @a", ("a", account));

        await app.PublishAsync(Revenue(account, 150_00, Now.AddDays(-2)));
        var fallen = await app.WaitForHealthAsync(account, h => h.RevenueEventCount == 2);

        Assert.Equal(first.Score, fallen.LastMovement.FromScore);
        Assert.False(await TotalsDriftedAsync());
        Assert.Equal(1, await app.ScalarAsync("select count(*) from scoring.mt_doc_scoredaccount where id = @a and data ? 'Shown'", ("a", account)));
    }

    /// <summary>The startup check: true (and rebuilt) when the totals no longer add up to the accounts.</summary>
    private Task<bool> TotalsDriftedAsync() =>
        PortfolioTotalsRepair.RepairAsync("scoring", app.Services.GetRequiredService<NpgsqlDataSource>(), CancellationToken.None);

    private Task<long> AccountsInTotalsAsync(string owner, string band, bool openAlert) =>
        app.ScalarAsync(
            "select coalesce(sum(accounts), 0) from scoring.portfolio_totals where owner_csm = @o and segment = 'smb' and effective_band = @b and has_open_alert = @h",
            ("o", owner), ("b", band), ("h", openAlert));

    private Task<long> AccountsInTotalsAsync(string owner) =>
        app.ScalarAsync("select coalesce(sum(accounts), 0) from scoring.portfolio_totals where owner_csm = @o", ("o", owner));
}
