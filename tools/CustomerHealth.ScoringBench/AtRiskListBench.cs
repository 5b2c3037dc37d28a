using System.Diagnostics;
using CustomerHealth.Scoring.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace CustomerHealth.ScoringBench;

/// <summary>
/// ListAtRiskAccounts over the whole portfolio, one client calling the service's gRPC port directly,
/// one call at a time: every filter of the issue alone and combined, every sort, first and next pages.
/// The time is the client's (request to response, including the per-band totals the response carries).
/// </summary>
public static class AtRiskListBench
{
    private static readonly string[] Sorts = ["score_asc", "arr_at_risk_desc", "renewal_soonest", "score_drop_desc"];

    private static readonly (string Name, Func<Random, PortfolioFilter?> Make)[] Filters =
    [
        ("none", _ => null),
        ("owner", r => new PortfolioFilter { OwnerCsm = SyntheticPortfolio.Owner(r.Next(SyntheticPortfolio.Owners)) }),
        ("segment", r => new PortfolioFilter { Segment = SyntheticPortfolio.Segments[r.Next(SyntheticPortfolio.Segments.Count)] }),
        ("band red", _ => new PortfolioFilter { Bands = { "red" } }),
        ("bands red+yellow", _ => new PortfolioFilter { Bands = { "red", "yellow" } }),
        ("renewal 30 d", _ => new PortfolioFilter { RenewalWithinDays = 30 }),
        ("renewal 90 d", _ => new PortfolioFilter { RenewalWithinDays = 90 }),
        ("open alert", _ => new PortfolioFilter { HasOpenAlert = true }),
        ("owner+red", r => new PortfolioFilter { OwnerCsm = SyntheticPortfolio.Owner(r.Next(SyntheticPortfolio.Owners)), Bands = { "red" } }),
        ("segment+open alert", r => new PortfolioFilter { Segment = SyntheticPortfolio.Segments[r.Next(SyntheticPortfolio.Segments.Count)], HasOpenAlert = true }),
        ("owner+renewal 90 d", r => new PortfolioFilter { OwnerCsm = SyntheticPortfolio.Owner(r.Next(SyntheticPortfolio.Owners)), RenewalWithinDays = 90 }),
    ];

    public sealed record Result(Distribution All, IReadOnlyList<(string Shape, Distribution Times)> ByShape, long TotalAccounts, IReadOnlyDictionary<string, string> Failures, int Calls, double ServiceCpuSeconds);

    public static async Task<Result> RunAsync(BenchEnvironment environment, BenchOptions options)
    {
        using var channel = GrpcChannel.ForAddress(environment.ScoringEndpoint.GrpcUrl);
        var client = new ScoringService.ScoringServiceClient(channel);
        var random = new Random(7);
        var failures = new Dictionary<string, string>();
        // Warm until the JIT has settled (tier-1 code for every path): a running service is warm.
        await CallManyAsync(client, random, Math.Max(500, options.ListCalls / 2), _ => { }, failures);

        await environment.ResetStatementsAsync();
        var cpuBefore = environment.ScoringCpuSeconds();
        var samples = new List<(string Shape, double Ms)>();
        long total = 0;
        await CallManyAsync(client, random, options.ListCalls, sample =>
        {
            samples.Add((sample.Shape, sample.Ms));
            total = Math.Max(total, sample.Accounts);
        }, failures);
        var byShape = samples.GroupBy(s => s.Shape).Select(g => (g.Key, new Distribution(g.Select(s => s.Ms)))).OrderByDescending(s => s.Item2.P99).ToList();
        return new Result(new Distribution(samples.Select(s => s.Ms)), byShape, total, failures, options.ListCalls, environment.ScoringCpuSeconds() - cpuBefore);
    }

    /// <summary>Failed calls are not timed; each failing shape is reported once with its error.</summary>
    private static async Task CallManyAsync(
        ScoringService.ScoringServiceClient client, Random random, int calls, Action<(string Shape, double Ms, long Accounts)> record, Dictionary<string, string> failures)
    {
        ListAtRiskAccountsRequest? previous = null;
        var previousToken = "";
        for (var i = 0; i < calls; i++)
        {
            // Every fifth call pages on from the previous one, as a CSM scrolling the list would.
            var (shape, request) = i % 5 == 4 && previous is not null && previousToken.Length > 0
                ? ("next page", new ListAtRiskAccountsRequest(previous) { PageToken = previousToken })
                : NewRequest(i, random);
            var name = shape == "next page" ? "next page" : $"{shape} / {request.Sort}";
            var clock = Stopwatch.StartNew();
            ListAtRiskAccountsResponse response;
            try
            {
                response = await client.ListAtRiskAccountsAsync(request);
            }
            catch (RpcException ex)
            {
                failures.TryAdd(request.Sort, $"{ex.StatusCode}: {ex.Status.Detail}");
                previous = null;
                continue;
            }

            var ms = clock.Elapsed.TotalMilliseconds;
            record((name, ms, response.Totals.Sum(t => t.Accounts)));
            previous = request;
            previousToken = response.NextPageToken;
        }
    }

    private static (string Shape, ListAtRiskAccountsRequest Request) NewRequest(int i, Random random)
    {
        var (name, make) = Filters[i % Filters.Length];
        var request = new ListAtRiskAccountsRequest { Sort = Sorts[i / Filters.Length % Sorts.Length], PageSize = 50 };
        if (make(random) is { } filter)
        {
            request.Filter = filter;
        }

        return (name, request);
    }

    /// <summary>The plans behind the list: representative statements as PortfolioQueries issues them, run with EXPLAIN ANALYZE.</summary>
    public static async Task PrintPlansAsync(BenchEnvironment environment)
    {
        var renewalFrom = DateOnly.FromDateTime(DateTime.UtcNow).DayNumber;
        (string What, string Sql)[] statements =
        [
            ("page, no filter, score_asc", Page("", "sort_score", "asc")),
            ("page, owner, arr_at_risk_desc", Page("where owner_csm = 'csm-07'", "arr_minor", "desc")),
            ("page, band red + open alert, score_drop_desc", Page("where effective_band in ('red') and has_open_alert = true", "score_drop_30", "desc")),
            ("page, renewal 30 d, renewal_soonest", Page($"where renewal_day between {renewalFrom} and {renewalFrom + 30}", "renewal_day", "asc")),
            ("page, owner + renewal 90 d, score_drop_desc", Page($"where owner_csm = 'csm-07' and renewal_day between {renewalFrom} and {renewalFrom + 90}", "score_drop_30", "desc")),
            ("totals per band, no filter", "select effective_band, sum(accounts)::bigint, sum(arr_minor)::bigint from scoring.portfolio_totals group by 1 having sum(accounts) <> 0 order by 1"),
            ("totals per band, segment + open alert", "select effective_band, sum(accounts)::bigint, sum(arr_minor)::bigint from scoring.portfolio_totals where segment = 'smb' and has_open_alert group by 1 having sum(accounts) <> 0 order by 1"),
            ("totals per band, renewal 90 d", $"select effective_band, count(*), coalesce(sum(arr_minor), 0) from scoring.mt_doc_accounthealth where renewal_day between {renewalFrom} and {renewalFrom + 90} group by 1 order by 1"),
        ];
        foreach (var (what, sql) in statements)
        {
            await environment.LinesAsync(sql); // warm
            var plan = await environment.LinesAsync("explain (analyze, buffers) " + sql);
            Console.WriteLine($"  EXPLAIN ANALYZE {what}:");
            plan.ForEach(line => Console.WriteLine("    " + line));
        }

        // As PortfolioQueries.ListAtRiskAsync writes it: the page is cut before list items are built.
        static string Page(string where, string column, string direction) =>
            $"select jsonb_set(d.data, '{{Measures}}', '[]'::jsonb) from (select d.data, d.{column}, d.id from scoring.mt_doc_accounthealth as d {where} "
            + $"order by {column} {direction}, id {direction} limit 51) as d order by d.{column} {direction}, d.id {direction}";
    }
}
