using CustomerHealth.Billing.Ledger;
using CustomerHealth.Billing.Tests.Ledger;
using CustomerHealth.ServiceDefaults.Persistence;
using Google.Protobuf.WellKnownTypes;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerHealth.Billing.Tests.RecordingRevenue;

/// <summary>The ledgers billing keeps after writing them are used only while the database still holds that version.</summary>
public class WrittenLedgersTests(BillingApp app) : IClassFixture<BillingApp>
{
    [Fact]
    public async Task A_ledger_written_elsewhere_since_billing_last_wrote_it_is_read_again_and_nothing_written_there_is_lost()
    {
        var started = RevenueEvents.Valid();
        await app.Grpc.RecordRevenueEventAsync(started);
        Assert.True(app.Services.GetRequiredService<WrittenDocumentCache<RevenueLedger>>().Holds(started.AccountId));

        // Another instance records an event for the account, as the recorder does (the stream and the
        // ledger together): this instance's kept copy is now stale.
        var elsewhere = LedgerEvents.Changed(DateTimeOffset.UtcNow.AddMinutes(-30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), 120_00);
        var store = app.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            var ledger = (await session.LoadAsync<RevenueLedger>(started.AccountId))!;
            session.Events.Append(started.AccountId, elsewhere);
            session.Store(ledger.With(elsewhere));
            await session.SaveChangesAsync();
        }

        var changed = RevenueEvents.MakeKind(RevenueEvents.Valid(accountId: started.AccountId, mrrMinor: 150_00), "subscription_changed");
        changed.OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1));
        await app.Grpc.RecordRevenueEventAsync(changed);

        await using var query = store.QuerySession();
        var stored = (await query.LoadAsync<RevenueLedger>(started.AccountId))!;
        Assert.Equal(
            new[] { started.EventId, elsewhere.EventId, changed.EventId }.Order(),
            stored.Entries.Select(e => e.EventId).Order());
    }
}
