namespace CustomerHealth.Usage.Tests.RecordingEvents;

/// <summary>Idempotency lives in PostgreSQL, so it holds across a restart of the service.</summary>
public class RestartTests(UsageApp app) : IClassFixture<UsageApp>
{
    [Fact]
    public async Task An_event_resent_after_a_restart_is_a_duplicate_on_every_path()
    {
        var e = Events.Valid();
        var first = await Events.StreamAsync(app.Grpc, [e]);

        await app.StopAsync();
        await app.StartAsync();
        var again = await Events.StreamAsync(app.Grpc, [e]);
        var batch = (await app.Grpc.RecordEventBatchAsync(Events.Batch(e))).Summary;
        var otherDay = e.Clone();
        otherDay.OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(Events.DaysAgo(2));
        var movedAfterRestart = (await app.Grpc.RecordEventBatchAsync(Events.Batch(otherDay))).Summary;

        Assert.Equal(1, first.Accepted);
        Assert.Equal((0L, 1L), (again.Accepted, again.Duplicate));
        Assert.Equal((0L, 1L), (batch.Accepted, batch.Duplicate));
        Assert.Equal((0L, 1L), (movedAfterRestart.Accepted, movedAfterRestart.Duplicate));
        Assert.Equal(1, await app.ScalarAsync("select count(*) from usage.events where account_id = $1", e.AccountId));
    }
}
