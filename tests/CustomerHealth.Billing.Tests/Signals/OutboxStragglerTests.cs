using Npgsql;

namespace CustomerHealth.Billing.Tests.Signals;

/// <summary>
/// The outbox dispatcher reads from just below the rows it read last; a row whose transaction took
/// its id long before it committed must still leave, at the latest with the next full read.
/// </summary>
public class OutboxStragglerTests(BillingApp app) : IClassFixture<BillingApp>
{
    [Fact]
    public async Task A_row_committed_after_thousands_of_later_rows_were_dispatched_is_still_dispatched()
    {
        var first = RevenueEvents.Valid(accountId: "acct-" + Guid.NewGuid().ToString("N")[..12]);
        await app.Grpc.RecordRevenueEventAsync(first);
        await Eventually.MatchesAsync(() => app.OutboxAsync(first.AccountId), rows => rows.Count > 0 && rows.All(r => r.Dispatched), "the first signals dispatched");

        // A transaction takes an id and stays open while the sequence moves far past the read-behind window.
        await using var slow = new NpgsqlConnection(app.DatabaseConnectionString);
        await slow.OpenAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        long straggler;
        await using (var insert = new NpgsqlCommand(
            "insert into billing.outbox_messages (message_id, message_type, body) " +
            "select gen_random_uuid(), message_type, body from billing.outbox_messages order by id limit 1 returning id", slow, transaction))
        {
            straggler = Convert.ToInt64(await insert.ExecuteScalarAsync());
        }

        await app.ScalarAsync("select setval(pg_get_serial_sequence('billing.outbox_messages', 'id'), @to)", ("to", straggler + 10_000));
        var later = RevenueEvents.Valid(accountId: "acct-" + Guid.NewGuid().ToString("N")[..12]);
        await app.Grpc.RecordRevenueEventAsync(later);
        await Eventually.MatchesAsync(() => app.OutboxAsync(later.AccountId), rows => rows.Count > 0 && rows.All(r => r.Dispatched), "the later signals dispatched");
        await transaction.CommitAsync();

        await Eventually.MatchesAsync(
            () => app.ScalarAsync("select count(*) from billing.outbox_messages where id = @id and dispatched_at is not null", ("id", straggler)),
            dispatched => dispatched == 1,
            "the straggler dispatched");
    }
}
