using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerHealth.Billing.Ledger;
using CustomerHealth.Billing.V1;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerHealth.Billing.Tests.RecordingRevenue;

/// <summary>The batch RPC and the same idempotency on every path, against real PostgreSQL and RabbitMQ.</summary>
public class RecordRevenueEventsTests(BillingApp app) : IClassFixture<BillingApp>
{
    [Fact]
    public async Task A_batch_records_new_events_and_answers_duplicates_and_conflicts_per_event()
    {
        var earlier = RevenueEvents.Valid();
        await app.Grpc.RecordRevenueEventAsync(earlier);
        var conflicting = earlier.Clone();
        conflicting.Mrr.AmountMinor += 1;
        var fresh = RevenueEvents.Valid();
        var request = new RecordRevenueEventsRequest { Events = { fresh, earlier, conflicting, RevenueEvents.Valid(), fresh } };

        var answer = await app.Grpc.RecordRevenueEventsAsync(request);

        Assert.Equal(["recorded", "duplicate", "conflict", "recorded", "duplicate"], answer.Results.Select(r => r.Status));
        Assert.Equal((2, 2, 1), (answer.Recorded, answer.Duplicates, answer.Conflicts));
        Assert.Equal((1, 1, 1), await app.CountStoredAsync(fresh.EventId));
        Assert.Equal((1, 1, 1), await app.CountStoredAsync(earlier.EventId));
    }

    [Fact]
    public async Task An_invalid_event_rejects_the_whole_batch_naming_its_position_over_gRPC_and_REST()
    {
        var good = RevenueEvents.Valid();
        var bad = RevenueEvents.Valid();
        bad.Kind = "subscription_paused";
        bad.Mrr.Currency = "usd";
        var request = new RecordRevenueEventsRequest { Events = { good, bad } };

        var rpc = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.RecordRevenueEventsAsync(request).ResponseAsync);
        using var rest = await app.Rest.PostAsync("/api/v1/billing/revenue-events:batch", Json(request));

        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        Assert.Equal(["events[1].kind", "events[1].mrr.currency"], rpc.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order());
        Assert.Equal(HttpStatusCode.BadRequest, rest.StatusCode);
        var problem = await rest.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("events[1].kind", out _), problem.ToString());
        Assert.Equal((0, 0, 0), await app.CountStoredAsync(good.EventId));
    }

    [Fact]
    public async Task An_empty_batch_is_invalid()
    {
        var rpc = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.RecordRevenueEventsAsync(new RecordRevenueEventsRequest()).ResponseAsync);

        Assert.Equal("events", Assert.Single(rpc.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
    }

    [Fact]
    public async Task The_same_event_on_every_path_is_counted_once()
    {
        var e = RevenueEvents.Valid();

        await app.Grpc.RecordRevenueEventAsync(e);
        var batch = await app.Grpc.RecordRevenueEventsAsync(new RecordRevenueEventsRequest { Events = { e } });
        using var rest = await app.Rest.PostAsJsonAsync("/api/v1/billing/revenue-events", RevenueEvents.AsJson(e));
        using var restBatch = await app.Rest.PostAsync("/api/v1/billing/revenue-events:batch", Json(new RecordRevenueEventsRequest { Events = { e } }));

        Assert.Equal("duplicate", batch.Results[0].Status);
        Assert.True((await rest.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        Assert.Equal("duplicate", (await restBatch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0].GetProperty("status").GetString());
        Assert.Equal((1, 1, 1), await app.CountStoredAsync(e.EventId));
        var revenue = await app.Grpc.GetAccountRevenueAsync(new GetAccountRevenueRequest { AccountId = e.AccountId });
        Assert.Equal(1, revenue.Revenue.EventCount);
    }

    [Fact]
    public async Task Concurrent_events_for_one_account_all_reach_its_ledger()
    {
        var account = "acct-" + Guid.NewGuid().ToString("N")[..12];

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            app.Grpc.RecordRevenueEventAsync(RevenueEvents.Valid(accountId: account, mrrMinor: 100 + i)).ResponseAsync));

        var revenue = await app.Grpc.GetAccountRevenueAsync(new GetAccountRevenueRequest { AccountId = account });
        Assert.Equal(16, revenue.Revenue.EventCount);
    }

    [Fact]
    public async Task Out_of_order_and_late_delivery_gives_the_same_ledger_as_in_order_delivery()
    {
        var inOrder = "acct-" + Guid.NewGuid().ToString("N")[..12];
        var shuffled = "acct-" + Guid.NewGuid().ToString("N")[..12];
        var asOf = DateTimeOffset.UtcNow;
        RecordRevenueEventRequest[] Story(string account) =>
        [
            At(RevenueEvents.Valid(accountId: account, mrrMinor: 100_00), asOf.AddDays(-60)),
            At(RevenueEvents.MakeKind(RevenueEvents.Valid(accountId: account), "payment_failed"), asOf.AddDays(-40)),
            At(Kind(RevenueEvents.Valid(accountId: account, mrrMinor: 150_00), "subscription_changed"), asOf.AddDays(-30)),
            At(RevenueEvents.MakeKind(RevenueEvents.Valid(accountId: account), "subscription_cancelled"), asOf.AddDays(-10)),
        ];

        foreach (var e in Story(inOrder))
        {
            await app.Grpc.RecordRevenueEventAsync(e);
        }

        var late = Story(shuffled);
        await app.Grpc.RecordRevenueEventsAsync(new RecordRevenueEventsRequest { Events = { late[3], late[1] } });
        await app.Grpc.RecordRevenueEventAsync(late[2]);
        await app.Grpc.RecordRevenueEventAsync(late[0]);

        var a = (await app.Grpc.GetAccountRevenueAsync(new GetAccountRevenueRequest { AccountId = inOrder, AsOf = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(asOf) })).Revenue;
        var b = (await app.Grpc.GetAccountRevenueAsync(new GetAccountRevenueRequest { AccountId = shuffled, AsOf = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(asOf) })).Revenue;
        Assert.Equal(Shape(a), Shape(b));
        Assert.Equal(["new", "expansion", "churn"], a.MrrHistory.Select(h => h.Movement));
        // The failure stayed unpaid for 14 days before the cancellation: the loss was involuntary.
        Assert.Equal("involuntary_churn", a.MrrHistory[^1].Cause);
    }

    [Fact]
    public async Task The_stored_ledger_is_what_the_projection_rebuilds_from_the_stream()
    {
        var account = "acct-" + Guid.NewGuid().ToString("N")[..12];
        await app.Grpc.RecordRevenueEventsAsync(new RecordRevenueEventsRequest
        {
            Events = { RevenueEvents.Valid(accountId: account), RevenueEvents.MakeKind(RevenueEvents.Valid(accountId: account), "payment_failed") },
        });
        await app.Grpc.RecordRevenueEventAsync(RevenueEvents.MakeKind(RevenueEvents.Valid(accountId: account), "renewal_scheduled"));

        var store = app.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession();
        var stored = await session.LoadAsync<RevenueLedger>(account);
        var rebuilt = await session.Events.AggregateStreamAsync<RevenueLedger>(account);

        Assert.NotNull(stored);
        Assert.Equal(3, stored.Entries.Count);
        Assert.Equal(stored.Entries, rebuilt!.Entries);
        Assert.Equal(stored.OpenFailureSince, rebuilt.OpenFailureSince);
    }

    [Fact]
    public async Task Events_on_an_account_stream_carry_the_time_they_were_appended()
    {
        var account = "acct-" + Guid.NewGuid().ToString("N")[..12];
        await app.Grpc.RecordRevenueEventAsync(RevenueEvents.Valid(accountId: account));
        await using (var connection = new Npgsql.NpgsqlConnection(app.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            // Bounds read on PostgreSQL's clock; the test and the services run on one machine.
            var before = await ServerNowAsync(connection);
            await app.Grpc.RecordRevenueEventAsync(RevenueEvents.MakeKind(RevenueEvents.Valid(accountId: account), "invoice_paid"));
            var after = await ServerNowAsync(connection);

            await using var read = new Npgsql.NpgsqlCommand("select timestamp from billing.mt_events where stream_id = @a order by version", connection);
            read.Parameters.AddWithValue("a", account);
            var stamps = new List<DateTime>();
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stamps.Add(reader.GetDateTime(0));
            }

            Assert.Equal(2, stamps.Count);
            Assert.True(stamps[0] <= before, $"first event at {stamps[0]:O}, second append began at {before:O}");
            Assert.InRange(stamps[1], before, after);
        }

        static async Task<DateTime> ServerNowAsync(Npgsql.NpgsqlConnection connection)
        {
            await using var now = new Npgsql.NpgsqlCommand("select clock_timestamp()", connection);
            return (DateTime)(await now.ExecuteScalarAsync())!;
        }
    }

    [Fact]
    public async Task Ledger_entries_are_stored_without_absent_fields_or_computed_properties_and_read_back_whole()
    {
        var account = "acct-" + Guid.NewGuid().ToString("N")[..12];
        var failed = RevenueEvents.MakeKind(RevenueEvents.Valid(accountId: account), "payment_failed");
        await app.Grpc.RecordRevenueEventsAsync(new RecordRevenueEventsRequest
        {
            Events = { RevenueEvents.Valid(accountId: account), failed, RevenueEvents.MakeKind(RevenueEvents.Valid(accountId: account), "renewal_scheduled") },
        });

        await using var connection = new Npgsql.NpgsqlConnection(app.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var read = new Npgsql.NpgsqlCommand(
            "select (select data::text from billing.mt_doc_revenueledger where id = @a) || (select string_agg(data::text, '') from billing.mt_events where stream_id = @a)", connection);
        read.Parameters.AddWithValue("a", account);
        var json = (string)(await read.ExecuteScalarAsync())!;

        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"EffectiveAt\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"IsLedgerDecision\"", json, StringComparison.Ordinal);
        Assert.Contains("\"InvoiceId\"", json, StringComparison.Ordinal);
        Assert.Contains("\"RenewalDate\"", json, StringComparison.Ordinal);

        var store = app.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession();
        var ledger = await session.LoadAsync<RevenueLedger>(account);
        var payment = Assert.Single(ledger!.Entries, e => e.Kind == "payment_failed");
        Assert.Equal(failed.InvoiceId, payment.InvoiceId);
        Assert.NotNull(payment.AmountMinor);
        Assert.NotNull(Assert.Single(ledger.Entries, e => e.Kind == "renewal_scheduled").RenewalDate);
        Assert.All(ledger.Entries.Where(e => e.Kind != "renewal_scheduled"), e => Assert.Null(e.RenewalDate));
    }

    private static string Shape(AccountRevenue r) =>
        string.Join(";", r.MrrHistory.Select(h => $"{h.At}|{h.Mrr.AmountMinor}|{h.Movement}|{h.Cause}")) + $"#{r.Status}#{r.Mrr.AmountMinor}#{r.Payment.Failures90D}";

    private static RecordRevenueEventRequest At(RecordRevenueEventRequest r, DateTimeOffset at)
    {
        r.OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(at);
        if (r.EffectiveDate.Length > 0)
        {
            r.EffectiveDate = at.ToString("yyyy-MM-dd");
        }

        return r;
    }

    private static RecordRevenueEventRequest Kind(RecordRevenueEventRequest r, string kind)
    {
        r.Kind = kind;
        return r;
    }

    private static StringContent Json(IMessage message) =>
        new(JsonFormatter.Default.Format(message), System.Text.Encoding.UTF8, "application/json");
}
