using CustomerHealth.Billing.Reporting;
using CustomerHealth.Billing.V1;
using CustomerHealth.ServiceDefaults.Validation;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CustomerHealth.Billing.RecordingRevenue;

public sealed partial class BillingGrpcService
{
    /// <summary>The longest range a portfolio query may span.</summary>
    private static readonly TimeSpan MaxRange = TimeSpan.FromDays(366 * 10);

    public override async Task<GetAccountRevenueResponse> GetAccountRevenue(GetAccountRevenueRequest request, ServerCallContext context)
    {
        new FieldViolations().RequireId("account_id", request.AccountId).ThrowIfAny();
        var asOf = request.AsOf?.ToDateTimeOffset() ?? clock.GetUtcNow();
        var ledger = await queries.LedgerAsync(request.AccountId, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Billing has no revenue event for account '{request.AccountId}'."));
        var timeline = queries.TimelineAsOf(ledger, asOf);
        return new GetAccountRevenueResponse { Revenue = AccountRevenueView.From(ledger, timeline, asOf, queries.Grace, queries.Currency) };
    }

    public override async Task<GetRevenueMovementsResponse> GetRevenueMovements(GetRevenueMovementsRequest request, ServerCallContext context)
    {
        var (from, to) = Range(request.From, request.To);
        var (accounts, unconverted) = await queries.PortfolioAsync(to, context.CancellationToken);
        var response = new GetRevenueMovementsResponse { ReportingCurrency = queries.Currency.Code };
        response.UnconvertedCurrencies.AddRange(unconverted);
        response.Months.AddRange(RevenueMovements.Compute(accounts, from, to).Select(m => new MonthlyMovements
        {
            Month = m.Month,
            StartingMrrMinor = m.StartingMrr,
            NewMinor = m.New,
            ExpansionMinor = m.Expansion,
            ContractionMinor = m.Contraction,
            ChurnMinor = m.Churn,
            ReactivationMinor = m.Reactivation,
            NetMinor = m.Net,
            EndingMrrMinor = m.EndingMrr,
            InvoluntaryChurnMinor = m.InvoluntaryChurn,
            NewAccounts = m.NewAccounts,
            ChurnedAccounts = m.ChurnedAccounts,
            ReactivatedAccounts = m.ReactivatedAccounts,
        }));
        return response;
    }

    public override async Task<GetRetentionResponse> GetRetention(GetRetentionRequest request, ServerCallContext context)
    {
        var (from, to) = Range(request.From, request.To);
        var (accounts, unconverted) = await queries.PortfolioAsync(to, context.CancellationToken);
        var figures = RevenueRetention.Compute(accounts, from, to);
        var response = new GetRetentionResponse
        {
            ReportingCurrency = queries.Currency.Code,
            CohortAccounts = figures.CohortAccounts,
            CohortStartingMrrMinor = figures.CohortStartingMrr,
            CohortEndingMrrMinor = figures.CohortEndingMrr,
            ChurnedAccounts = figures.ChurnedAccounts,
            InvoluntarilyChurnedAccounts = figures.InvoluntarilyChurnedAccounts,
            PortfolioStartingMrrMinor = figures.PortfolioStartingMrr,
            PortfolioEndingMrrMinor = figures.PortfolioEndingMrr,
            PortfolioEndingArrMinor = figures.PortfolioEndingArr,
            PayingAccountsAtTo = figures.PayingAccountsAtEnd,
        };
        if (figures.NetRevenueRetention is { } nrr)
        {
            response.NetRevenueRetention = nrr;
        }

        if (figures.GrossRevenueRetention is { } grr)
        {
            response.GrossRevenueRetention = grr;
        }

        if (figures.LogoChurnRate is { } logoChurn)
        {
            response.LogoChurnRate = logoChurn;
        }

        response.UnconvertedCurrencies.AddRange(unconverted);
        return response;
    }

    /// <summary>from/to with defaults (the 12 months up to now) and checks.</summary>
    private (DateTimeOffset From, DateTimeOffset To) Range(Timestamp? from, Timestamp? to)
    {
        var end = to?.ToDateTimeOffset() ?? clock.GetUtcNow();
        var start = from?.ToDateTimeOffset() ?? end.AddMonths(-12);
        var violations = new FieldViolations();
        if (start >= end)
        {
            violations.Add("from", "must be before to.");
        }
        else if (end - start > MaxRange)
        {
            violations.Add("from", "must be at most 10 years before to.");
        }

        violations.ThrowIfAny();
        return (start, end);
    }
}
