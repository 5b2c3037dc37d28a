using CustomerHealth.Billing.RecordingRevenue;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CustomerHealth.Billing.Tests.RecordingRevenue;

/// <summary>The idempotency records: one per event id, whoever claims it first, and kept across the upgrade from documents.</summary>
public class RecordedRevenueEventsTests(BillingApp app) : IClassFixture<BillingApp>
{
    [Fact]
    public async Task One_event_id_sent_for_two_accounts_at_once_is_recorded_for_one_and_refused_for_the_other()
    {
        // Different accounts take different locks and often different commit lanes, so both
        // transactions can find the id free; the one that commits second must answer, not fail.
        for (var round = 0; round < 10; round++)
        {
            var first = RevenueEvents.Valid();
            var second = RevenueEvents.Valid(eventId: first.EventId);

            var answers = await Task.WhenAll(new[] { first, second, first, second }.Select(AnswerAsync));

            Assert.Single(answers, a => a == "recorded");
            Assert.All(answers, a => Assert.Contains(a, new[] { "recorded", "duplicate", "conflict" }));
            Assert.Equal((1, 1, 1), await app.CountStoredAsync(first.EventId));
        }
    }

    [Fact]
    public async Task Records_kept_as_documents_before_the_upgrade_still_make_a_resent_event_a_duplicate()
    {
        var request = RevenueEvents.Valid();
        var original = await app.Grpc.RecordRevenueEventAsync(request);
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        await using (var command = dataSource.CreateCommand(
                         $"""
                          create table billing.{RecordedRevenueEventsUpgrade.LegacyTable} (id varchar primary key, data jsonb not null);
                          insert into billing.{RecordedRevenueEventsUpgrade.LegacyTable} (id, data)
                          select event_id, jsonb_build_object('Id', event_id, 'AccountId', account_id, 'Fingerprint', fingerprint, 'RecordedAt', recorded_at)
                          from billing.{RecordedRevenueEvents.Name} where event_id = @id;
                          delete from billing.{RecordedRevenueEvents.Name} where event_id = @id;
                          """))
        {
            command.Parameters.AddWithValue("id", request.EventId);
            await command.ExecuteNonQueryAsync();
        }

        var moved = await RecordedRevenueEventsUpgrade.RunAsync(dataSource, "billing", CancellationToken.None);
        var again = await app.Grpc.RecordRevenueEventAsync(request);
        var changed = request.Clone();
        changed.Mrr.AmountMinor += 1;
        var conflict = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.RecordRevenueEventAsync(changed).ResponseAsync);

        Assert.True(again.Duplicate);
        Assert.Equal(1, moved);
        Assert.Equal(original.RecordedAt, again.RecordedAt);
        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);
        Assert.Equal(0, await app.ScalarAsync($"select count(*) from pg_tables where schemaname = 'billing' and tablename = '{RecordedRevenueEventsUpgrade.LegacyTable}'"));
        Assert.Equal(0, await RecordedRevenueEventsUpgrade.RunAsync(dataSource, "billing", CancellationToken.None));
    }

    private async Task<string> AnswerAsync(V1.RecordRevenueEventRequest request)
    {
        try
        {
            return (await app.Grpc.RecordRevenueEventAsync(request)).Duplicate ? "duplicate" : "recorded";
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            return "conflict";
        }
    }
}
