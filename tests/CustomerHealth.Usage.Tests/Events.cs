using System.Text.Json;
using CustomerHealth.Usage.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CustomerHealth.Usage.Tests;

/// <summary>Usage events for tests: valid unless a test breaks them.</summary>
public static class Events
{
    public static string NewAccount() => "acct-" + Guid.NewGuid().ToString("N")[..12];

    public static UsageEvent Valid(string? account = null, string? eventId = null, string user = "u1", string feature = "reports", DateTimeOffset? at = null) => new()
    {
        EventId = eventId ?? "evt-" + Guid.NewGuid().ToString("N"),
        AccountId = account ?? NewAccount(),
        UserId = user,
        Feature = feature,
        OccurredAt = Timestamp.FromDateTimeOffset(at ?? TestTime.Now.AddMinutes(-1)),
    };

    /// <summary>An instant earlier today (UTC, <see cref="TestTime"/>) whatever the time of day.</summary>
    public static DateTimeOffset EarlierToday()
    {
        var now = TestTime.Now;
        var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        return midnight + ((now - midnight) / 2);
    }

    public static DateTimeOffset DaysAgo(int days, int hour = 12) =>
        new DateTimeOffset(TestTime.Now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-days).AddHours(hour);

    public static RecordEventBatchRequest Batch(params UsageEvent[] events) => new() { Events = { events } };

    /// <summary>The batch as the JSON a REST client posts.</summary>
    public static object Json(RecordEventBatchRequest batch) =>
        JsonSerializer.Deserialize<JsonElement>(JsonFormatter.Default.Format(batch));

    public static async Task<RecordSummary> StreamAsync(UsageService.UsageServiceClient client, IEnumerable<UsageEvent> events, int perMessage = 1)
    {
        using var call = client.RecordEvents();
        foreach (var chunk in events.Chunk(perMessage))
        {
            await call.RequestStream.WriteAsync(new RecordEventsRequest { Events = { chunk } });
        }

        await call.RequestStream.CompleteAsync();
        return (await call.ResponseAsync).Summary;
    }
}
