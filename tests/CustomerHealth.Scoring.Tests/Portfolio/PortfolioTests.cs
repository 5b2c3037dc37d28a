using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerHealth.Scoring.V1;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static CustomerHealth.Scoring.Tests.Signals.Contracts;

namespace CustomerHealth.Scoring.Tests.Portfolio;

/// <summary>At-risk lists and portfolio totals over a known portfolio in a database of its own.</summary>
public sealed class PortfolioTests : IClassFixture<PortfolioTests.KnownPortfolio>
{
    private readonly KnownPortfolio _portfolio;

    public PortfolioTests(KnownPortfolio portfolio) => _portfolio = portfolio;

    private ScoringService.ScoringServiceClient Grpc => _portfolio.App.Grpc;

    /// <summary>
    /// 12 accounts: owner dana or lee, segment smb or enterprise, MRR 100..1200. Accounts 0-3 get a
    /// falling MRR, a detractor and a payment 40 days overdue (red), 4-7 a failed payment (open alert), 8-11 healthy signals.
    /// </summary>
    public sealed class KnownPortfolio : IAsyncLifetime
    {
        public ScoringApp App { get; } = new();

        public List<string> Accounts { get; } = [.. Enumerable.Range(0, 12).Select(i => $"pf-{i:00}-{Guid.NewGuid():N}"[..16])];

        public async Task InitializeAsync()
        {
            await App.InitializeAsync();
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < Accounts.Count; i++)
            {
                var a = Accounts[i];
                await App.Grpc.UpsertAccountAsync(new UpsertAccountRequest
                {
                    AccountId = a, Name = $"Account {i}", OwnerCsm = i % 2 == 0 ? "dana" : "lee", Segment = i < 6 ? "smb" : "enterprise",
                    RenewalDate = DateOnly.FromDateTime(now.UtcDateTime.AddDays(10 * (i + 1))).ToString("yyyy-MM-dd"),
                });
                var mrr = 100_00L * (i + 1);
                object[] signals = i switch
                {
                    < 4 => [Revenue(a, mrr * 2, now.AddDays(-100)), Revenue(a, mrr, now.AddDays(-2)), Nps(a, 1, now.AddDays(-1)), PaymentFailed(a, "old", now.AddDays(-40))],
                    < 8 => [Revenue(a, mrr, now.AddDays(-100)), Revenue(a, mrr, now.AddDays(-2)), PaymentFailed(a, "inv", now.AddHours(-5)), Nps(a, 8, now.AddDays(-1))],
                    _ => [Revenue(a, mrr, now.AddDays(-100)), Revenue(a, mrr + 10_00, now.AddDays(-2)), Nps(a, 10, now.AddDays(-1))],
                };
                await App.PublishAsync(signals);
            }

            for (var i = 0; i < Accounts.Count; i++)
            {
                await App.WaitForSignalsAsync(Accounts[i], i < 8 ? 4 : 3);
            }
        }

        public Task DisposeAsync() => App.DisposeAsync();
    }

    [Fact]
    public async Task Accounts_come_worst_first_and_paging_visits_each_exactly_once()
    {
        var seen = new List<AccountHealth>();
        var totalsPerPage = new List<int>();
        var token = "";
        do
        {
            var page = await Grpc.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest { PageSize = 5, PageToken = token });
            seen.AddRange(page.Accounts);
            totalsPerPage.Add(page.Totals.Count);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(_portfolio.Accounts.Order(), seen.Select(a => a.AccountId).Order());
        Assert.Equal(seen.Select(a => a.Score).Order(), seen.Select(a => a.Score));
        Assert.All(seen.Take(4), a => Assert.Equal("red", a.Band));
        Assert.NotEqual(0, totalsPerPage[0]);
        Assert.All(totalsPerPage.Skip(1), count => Assert.Equal(0, count));
    }

    [Fact]
    public async Task Filters_combine_and_totals_per_band_count_accounts_and_ARR()
    {
        var response = await Grpc.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest
        {
            Filter = new PortfolioFilter { OwnerCsm = "dana", Bands = { "red" } },
        });

        // Red: accounts 0-3; dana owns the even ones: 0 and 2.
        Assert.Equal([_portfolio.Accounts[0], _portfolio.Accounts[2]], response.Accounts.Select(a => a.AccountId).Order().ToArray());
        var red = Assert.Single(response.Totals);
        Assert.Equal("red", red.Band);
        Assert.Equal(2, red.Accounts);
        Assert.Equal(12 * (100_00 + 300_00), red.Arr.AmountMinor);
    }

    [Fact]
    public async Task Accounts_with_open_alerts_renewing_soon_sort_by_ARR_and_by_renewal()
    {
        var byArr = await Grpc.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest
        {
            Filter = new PortfolioFilter { HasOpenAlert = true, Segment = "smb" }, Sort = "arr_at_risk_desc",
        });
        var byRenewal = await Grpc.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest
        {
            Filter = new PortfolioFilter { RenewalWithinDays = 45 }, Sort = "renewal_soonest",
        });

        Assert.Equal(byArr.Accounts.Select(a => a.Arr.AmountMinor).OrderDescending(), byArr.Accounts.Select(a => a.Arr.AmountMinor));
        Assert.Contains(_portfolio.Accounts[5], byArr.Accounts.Select(a => a.AccountId));
        Assert.DoesNotContain(_portfolio.Accounts[6], byArr.Accounts.Select(a => a.AccountId));
        Assert.Equal(_portfolio.Accounts.Take(4), byRenewal.Accounts.Select(a => a.AccountId));
    }

    [Theory]
    [InlineData("score_asc")]
    [InlineData("arr_at_risk_desc")]
    [InlineData("renewal_soonest")]
    [InlineData("score_drop_desc")]
    public async Task Every_sort_pages_through_every_account_exactly_once_in_its_order(string sort)
    {
        var seen = new List<AccountHealth>();
        var token = "";
        do
        {
            var page = await Grpc.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest { PageSize = 5, PageToken = token, Sort = sort });
            seen.AddRange(page.Accounts);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Func<AccountHealth, double> key = sort switch
        {
            "score_asc" => a => a.HasScore ? a.Score : 1000,
            "arr_at_risk_desc" => a => -a.Arr.AmountMinor,
            "renewal_soonest" => a => DateOnly.Parse(a.RenewalDate, System.Globalization.CultureInfo.InvariantCulture).DayNumber,
            _ => a => a.HasChange30Days ? a.Change30Days : 0,
        };
        Assert.Equal(_portfolio.Accounts.Order(), seen.Select(a => a.AccountId).Order());
        Assert.Equal(seen.Select(key).Order(), seen.Select(key));
    }

    [Fact]
    public async Task Every_sort_has_an_index_in_its_paging_order()
    {
        foreach (var column in new[] { "sort_score", "arr_minor", "renewal_day", "score_drop_30" })
        {
            Assert.Equal(1, await _portfolio.App.ScalarAsync(
                "select count(*) from pg_indexes where schemaname = 'scoring' and tablename = 'mt_doc_accounthealth' and indexdef like @def",
                ("def", $"%btree ({column}, id)%")));
        }
    }

    [Fact]
    public async Task List_items_leave_the_measures_to_account_health()
    {
        var page = await Grpc.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest { PageSize = 1 });
        var listed = Assert.Single(page.Accounts);
        var full = (await Grpc.GetAccountHealthAsync(new GetAccountHealthRequest { AccountId = listed.AccountId })).Health;

        Assert.Empty(listed.Measures);
        Assert.NotEmpty(full.Measures);
        Assert.Equal((full.Score, full.EffectiveBand, full.Arr, full.OpenAlerts.Count), (listed.Score, listed.EffectiveBand, listed.Arr, listed.OpenAlerts.Count));
    }

    [Fact]
    public async Task Band_totals_match_the_accounts_listed_with_and_without_a_renewal_window()
    {
        foreach (var filter in new[]
                 {
                     new PortfolioFilter(), new PortfolioFilter { Segment = "SMB", HasOpenAlert = true }, new PortfolioFilter { RenewalWithinDays = 45 },
                     new PortfolioFilter { RenewalWithinDays = 75, Segment = "smb", Bands = { "red", "yellow" } }, new PortfolioFilter { RenewalWithinDays = 75, OwnerCsm = "dana" },
                 })
        {
            var response = await Grpc.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest { Filter = filter, PageSize = 100 });

            var expected = response.Accounts.GroupBy(a => a.EffectiveBand).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (g.Key, (long)g.Count(), g.Sum(a => a.Arr.AmountMinor)));
            Assert.Equal(expected, response.Totals.Select(t => (t.Band, t.Accounts, t.Arr.AmountMinor)));
        }
    }

    [Fact]
    public async Task Portfolio_totals_that_drifted_from_the_accounts_are_rebuilt_at_startup()
    {
        var before = await Grpc.GetPortfolioSummaryAsync(new GetPortfolioSummaryRequest());
        var renewing = new ListAtRiskAccountsRequest { Filter = new PortfolioFilter { RenewalWithinDays = 75 } };
        await _portfolio.App.ScalarAsync("update scoring.portfolio_renewals set accounts = accounts + 1");
        var drifted = await Grpc.ListAtRiskAccountsAsync(renewing);
        Assert.True(await CustomerHealth.Scoring.Portfolio.PortfolioTotalsRepair.RepairAsync(
            "scoring", _portfolio.App.Services.GetRequiredService<Npgsql.NpgsqlDataSource>(), CancellationToken.None));
        var repaired = await Grpc.ListAtRiskAccountsAsync(renewing);
        Assert.NotEqual(drifted.Accounts.Count, drifted.Totals.Sum(t => t.Accounts));
        Assert.Equal(repaired.Accounts.Count, repaired.Totals.Sum(t => t.Accounts));
        await _portfolio.App.ScalarAsync("update scoring.portfolio_totals set accounts = accounts + 5, arr_minor = 0");

        var rebuilt = await CustomerHealth.Scoring.Portfolio.PortfolioTotalsRepair.RepairAsync(
            "scoring", _portfolio.App.Services.GetRequiredService<Npgsql.NpgsqlDataSource>(), CancellationToken.None);
        var after = await Grpc.GetPortfolioSummaryAsync(new GetPortfolioSummaryRequest());

        Assert.True(rebuilt);
        Assert.Equal(before, after);
        Assert.False(await CustomerHealth.Scoring.Portfolio.PortfolioTotalsRepair.RepairAsync(
            "scoring", _portfolio.App.Services.GetRequiredService<Npgsql.NpgsqlDataSource>(), CancellationToken.None));
    }

    [Fact]
    public async Task The_portfolio_summary_names_its_ARR_at_risk_rule_and_splits_by_segment_and_owner()
    {
        var summary = await Grpc.GetPortfolioSummaryAsync(new GetPortfolioSummaryRequest());

        Assert.Equal(12, summary.Accounts);
        Assert.Contains("red", summary.ArrAtRiskRule);
        var atRisk = await Grpc.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest { PageSize = 100 });
        var expected = atRisk.Accounts.Where(a => a.EffectiveBand == "red" || a.OpenAlerts.Count > 0).Sum(a => a.Arr.AmountMinor);
        Assert.Equal(expected, summary.ArrAtRisk.AmountMinor);
        Assert.Equal(["enterprise", "smb"], summary.BySegment.Select(g => g.Key).Order().ToArray());
        Assert.Equal(6, summary.ByOwner.Single(g => g.Key == "dana").ByBand.Sum(b => b.Accounts));
        Assert.Equal(summary.ByBand.Sum(b => b.Arr.AmountMinor), atRisk.Accounts.Sum(a => a.Arr.AmountMinor));
    }

    [Fact]
    public async Task Alerts_are_listed_with_the_same_filters()
    {
        var alerts = await Grpc.ListAlertsAsync(new ListAlertsRequest { Filter = new PortfolioFilter { OwnerCsm = "lee" }, Statuses = { "open" } });

        Assert.NotEmpty(alerts.Alerts);
        Assert.All(alerts.Alerts, a => Assert.Equal("lee", a.OwnerCsm));
        Assert.Contains(alerts.Alerts, a => a.Rule == "payment_risk" && a.AccountId == _portfolio.Accounts[5]);
    }

    [Fact]
    public async Task Bad_filters_and_page_tokens_are_INVALID_ARGUMENT_and_REST_answers_problem_details()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Grpc.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest
        {
            Filter = new PortfolioFilter { Bands = { "purple" }, RenewalWithinDays = -1 }, Sort = "by_vibes", PageSize = 9999,
        }).ResponseAsync);
        var token = await Assert.ThrowsAsync<RpcException>(() => Grpc.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest { PageToken = "not-a-token" }).ResponseAsync);
        using var rest = await _portfolio.App.Rest.GetAsync("/api/v1/portfolio/at-risk-accounts?sort=by_vibes");

        Assert.Equal(["filter.bands", "filter.renewal_within_days", "page_size", "sort"],
            ex.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order().ToArray());
        Assert.Equal(StatusCode.InvalidArgument, token.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, rest.StatusCode);
        var problem = await rest.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("sort", out _));
    }

    [Fact]
    public async Task The_at_risk_list_answers_over_REST_with_query_filters()
    {
        var response = await _portfolio.App.Rest.GetFromJsonAsync<JsonElement>("/api/v1/portfolio/at-risk-accounts?filter.owner_csm=lee&filter.bands=red&page_size=10");

        var ids = response.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("accountId").GetString()!).Order().ToArray();
        Assert.Equal([_portfolio.Accounts[1], _portfolio.Accounts[3]], ids);
    }
}
