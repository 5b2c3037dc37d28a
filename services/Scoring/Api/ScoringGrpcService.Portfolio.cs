using CustomerHealth.Scoring.Portfolio;
using CustomerHealth.Scoring.V1;
using CustomerHealth.ServiceDefaults.Validation;
using Grpc.Core;

namespace CustomerHealth.Scoring.Api;

public sealed partial class ScoringGrpcService
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 500;
    private const string ReportingCurrency = "USD";

    public override async Task<ListAtRiskAccountsResponse> ListAtRiskAccounts(ListAtRiskAccountsRequest request, ServerCallContext context)
    {
        var v = ValidateFilter(request.Filter);
        var sort = AtRiskSort.Find(request.Sort);
        if (sort is null)
        {
            v.Add("sort", $"must be one of {string.Join(", ", AtRiskSort.All.Select(s => s.Name))}.");
        }

        ValidatePageSize(v, request.PageSize);
        v.ThrowIfAny();
        // The first page's totals are read on their own connection while the page is read.
        var totals = request.PageToken.Length == 0 ? portfolio.TotalsByBandAsync(request.Filter, context.CancellationToken) : null;
        var page = await portfolio.ListAtRiskAsync(request.Filter, sort!, PageSize(request.PageSize), request.PageToken, context.CancellationToken);
        var response = new ListAtRiskAccountsResponse { NextPageToken = page.NextPageToken };
        response.Accounts.AddRange(page.Items.Select(h => h.ToMessage()));
        if (totals is not null)
        {
            response.Totals.AddRange((await totals)
                .Select(t => new BandTotal { Band = t.Band, Accounts = t.Accounts, Arr = ProtoMapping.Money(t.ArrMinor, ReportingCurrency) }));
        }

        return response;
    }

    public override async Task<GetPortfolioSummaryResponse> GetPortfolioSummary(GetPortfolioSummaryRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var byBand = await portfolio.TotalsByBandAsync(null, ct);
        var (atRiskAccounts, atRiskArr) = await portfolio.ArrAtRiskAsync(ct);
        _ = atRiskAccounts;
        var response = new GetPortfolioSummaryResponse
        {
            ArrAtRisk = ProtoMapping.Money(atRiskArr, ReportingCurrency),
            ArrAtRiskRule = PortfolioQueries.ArrAtRiskRule,
            Accounts = byBand.Sum(b => b.Accounts),
        };
        response.ByBand.AddRange(byBand.Select(t => new BandTotal { Band = t.Band, Accounts = t.Accounts, Arr = ProtoMapping.Money(t.ArrMinor, ReportingCurrency) }));
        response.BySegment.AddRange(Group(await portfolio.TotalsByAsync("segment", ct)));
        response.ByOwner.AddRange(Group(await portfolio.TotalsByAsync("owner_csm", ct)));
        return response;
    }

    private static IEnumerable<GroupTotals> Group(IReadOnlyList<(string Key, string Band, long Accounts, long ArrMinor)> rows) =>
        rows.GroupBy(r => r.Key).Select(g => new GroupTotals
        {
            Key = g.Key,
            ByBand = { g.Select(r => new BandTotal { Band = r.Band, Accounts = r.Accounts, Arr = ProtoMapping.Money(r.ArrMinor, ReportingCurrency) }) },
        });

    private static FieldViolations ValidateFilter(PortfolioFilter? filter)
    {
        var v = new FieldViolations();
        if (filter is null)
        {
            return v;
        }

        v.OptionalText("filter.owner_csm", filter.OwnerCsm, 100).OptionalText("filter.segment", filter.Segment, 50);
        foreach (var band in filter.Bands.Where(b => !Scorecards.Band.All.Contains(b) && b != Scorecards.Band.Unknown))
        {
            v.Add("filter.bands", $"'{band}' is not a band: use red, yellow, green or unknown.");
        }

        if (filter.RenewalWithinDays is < 0 or > 3660)
        {
            v.Add("filter.renewal_within_days", "must be between 0 and 3660.");
        }

        return v;
    }

    private static void ValidatePageSize(FieldViolations v, int pageSize)
    {
        if (pageSize is < 0 or > MaxPageSize)
        {
            v.Add("page_size", $"must be between 1 and {MaxPageSize} (0 for the default of {DefaultPageSize}).");
        }
    }

    private static int PageSize(int requested) => requested == 0 ? DefaultPageSize : requested;
}
