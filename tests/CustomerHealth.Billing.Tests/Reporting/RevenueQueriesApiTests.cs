using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerHealth.Billing.V1;
using CustomerHealth.Common.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CustomerHealth.Billing.Tests.Reporting;

/// <summary>
/// GetAccountRevenue, GetRevenueMovements and GetRetention on a database of their own, loaded with
/// the worked example of <see cref="PortfolioMetricsTests"/> in one batch (one account in EUR).
/// </summary>
public class RevenueQueriesApiTests(WorkedExampleBilling example) : IClassFixture<WorkedExampleBilling>
{
    private readonly BillingApp app = example.App;

    private static long Minor(JsonElement month, string name) => long.Parse(month.GetProperty(name).ToString(), System.Globalization.CultureInfo.InvariantCulture);
    [Fact]
    public async Task Monthly_movements_over_REST_in_the_reporting_currency()
    {
        var body = await app.Rest.GetFromJsonAsync<JsonElement>("/api/v1/billing/movements?from=2026-01-01T00:00:00Z&to=2026-05-01T00:00:00Z");

        Assert.Equal("USD", body.GetProperty("reportingCurrency").GetString());
        var months = body.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal(["2026-01", "2026-02", "2026-03", "2026-04"], months.Select(m => m.GetProperty("month").GetString()));
        // D: 100.00 EUR at 1.08 = 108.00 USD of new business in January.
        Assert.Equal(300_00 + 108_00, Minor(months[0], "newMinor"));
        Assert.Equal(50_00, Minor(months[1], "expansionMinor"));
        Assert.Equal(200_00, Minor(months[2], "churnMinor"));
        Assert.Equal(50_00, Minor(months[2], "involuntaryChurnMinor"));
        Assert.Equal(80_00, Minor(months[2], "contractionMinor"));
        Assert.Equal(170_00, Minor(months[3], "reactivationMinor"));
        Assert.Equal(290_00 + 108_00, Minor(months[3], "endingMrrMinor"));
    }

    [Fact]
    public async Task Retention_of_the_February_cohort_over_gRPC()
    {
        var answer = await app.Grpc.GetRetentionAsync(new GetRetentionRequest
        {
            From = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero)),
            To = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero)),
        });

        Assert.Equal(3, answer.CohortAccounts); // A, B, D
        Assert.Equal(300_00 + 108_00, answer.CohortStartingMrrMinor);
        Assert.Equal(240_00 + 108_00, answer.CohortEndingMrrMinor);
        Assert.Equal(348.0 / 408, answer.NetRevenueRetention, 6);
        Assert.Equal(328.0 / 408, answer.GrossRevenueRetention, 6);
        Assert.Equal(0, answer.LogoChurnRate);
        Assert.Equal((290_00 + 108_00) * 12, answer.PortfolioEndingArrMinor);
    }

    [Fact]
    public async Task An_accounts_revenue_has_its_MRR_history_payment_status_and_renewal_date()
    {
        var c = (await app.Grpc.GetAccountRevenueAsync(new GetAccountRevenueRequest { AccountId = "C" })).Revenue;
        var b = await app.Rest.GetFromJsonAsync<JsonElement>("/api/v1/billing/accounts/B/revenue");

        Assert.Equal("active", c.Status);
        Assert.Equal(50_00, c.Mrr.AmountMinor);
        Assert.Equal(["new", "churn", "reactivation"], c.MrrHistory.Select(h => h.Movement));
        Assert.Equal(["trial_converted", "involuntary_churn", "payment_recovered"], c.MrrHistory.Select(h => h.Cause));
        Assert.Equal(0, c.Payment.DaysOverdue);
        Assert.Equal("2027-01-20", b.GetProperty("revenue").GetProperty("renewalDate").GetString());
        Assert.Equal("144000", b.GetProperty("revenue").GetProperty("arr").GetProperty("amountMinor").ToString());
    }

    [Fact]
    public async Task An_unknown_account_is_NOT_FOUND_over_gRPC_and_404_over_REST()
    {
        var rpc = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.GetAccountRevenueAsync(new GetAccountRevenueRequest { AccountId = "nobody" }).ResponseAsync);
        using var rest = await app.Rest.GetAsync("/api/v1/billing/accounts/nobody/revenue");

        Assert.Equal(StatusCode.NotFound, rpc.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, rest.StatusCode);
        Assert.Equal("application/problem+json", rest.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_range_that_ends_before_it_starts_is_400()
    {
        using var rest = await app.Rest.GetAsync("/api/v1/billing/retention?from=2026-05-01T00:00:00Z&to=2026-01-01T00:00:00Z");

        Assert.Equal(HttpStatusCode.BadRequest, rest.StatusCode);
    }
}

/// <summary>A billing service on its own database, loaded once with the worked example.</summary>
public sealed class WorkedExampleBilling : IAsyncLifetime
{
    public BillingApp App { get; } = new();

    private static RecordRevenueEventRequest E(string account, string kind, string day, long? mrr = null, string currency = "USD") => new()
    {
        EventId = $"{account}-{kind}-{day}",
        AccountId = account,
        Kind = kind,
        Mrr = mrr is null ? null : new Money { AmountMinor = mrr.Value, Currency = currency },
        OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(day + "T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture)),
        Source = "test",
    };

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        var failed = E("C", "payment_failed", "2026-03-10");
        failed.InvoiceId = "in_c";
        var recovered = E("C", "payment_recovered", "2026-04-10");
        recovered.InvoiceId = "in_c";
        var renewal = E("B", "renewal_scheduled", "2026-01-21");
        renewal.RenewalDate = "2027-01-20";
        var request = new RecordRevenueEventsRequest
        {
            Events =
            {
                E("A", "subscription_started", "2026-01-10", 100_00), E("A", "subscription_changed", "2026-02-05", 150_00),
                E("A", "subscription_cancelled", "2026-03-20"), E("A", "subscription_reactivated", "2026-04-02", 120_00),
                E("B", "subscription_started", "2026-01-20", 200_00), E("B", "subscription_changed", "2026-03-05", 120_00), renewal,
                E("C", "trial_started", "2026-02-01"), E("C", "trial_converted", "2026-02-15", 50_00), failed, recovered,
                E("D", "subscription_started", "2026-01-05", 100_00, "EUR"),
            },
        };
        // Delivered newest first: the order must not matter.
        var reversed = new RecordRevenueEventsRequest { Events = { request.Events.Reverse() } };
        var answer = await App.Grpc.RecordRevenueEventsAsync(reversed);
        Assert.Equal(request.Events.Count, answer.Recorded);
    }

    public Task DisposeAsync() => App.DisposeAsync();
}
