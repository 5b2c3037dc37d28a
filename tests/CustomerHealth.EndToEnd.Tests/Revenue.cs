using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerHealth.Billing.V1;
using CustomerHealth.Common.V1;
using Google.Protobuf.WellKnownTypes;

namespace CustomerHealth.EndToEnd.Tests;

/// <summary>Revenue events and account-health reads as a billing system and a dashboard would do them.</summary>
public static class Revenue
{
    public static string NewAccount() => "acct-" + Guid.NewGuid().ToString("N")[..12];

    public static RecordRevenueEventRequest Event(string accountId, long mrrMinor, int minutesAgo, string kind = "subscription_changed") => new()
    {
        EventId = "evt-" + Guid.NewGuid().ToString("N"),
        AccountId = accountId,
        Kind = kind,
        Mrr = new Money { AmountMinor = mrrMinor, Currency = "USD" },
        OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-minutesAgo)),
        Plan = "growth",
        Source = "stripe",
    };

    public static async Task<HttpResponseMessage> PostAsync(HttpClient gateway, RecordRevenueEventRequest e)
    {
        using var content = new StringContent(Google.Protobuf.JsonFormatter.Default.Format(e), System.Text.Encoding.UTF8, "application/json");
        return await gateway.PostAsync("/api/v1/billing/revenue-events", content);
    }

    /// <summary>GET /api/v1/accounts/{id}/health through the gateway; null while scoring does not know the account.</summary>
    public static async Task<JsonElement?> HealthAsync(HttpClient gateway, string accountId)
    {
        using var response = await gateway.GetAsync($"/api/v1/accounts/{accountId}/health");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("health");
    }

    public static long Count(JsonElement? health) =>
        health is { } h && h.TryGetProperty("revenueEventCount", out var c) ? long.Parse(c.ToString()) : 0;

    public static long MrrMinor(JsonElement? health) =>
        health is { } h ? long.Parse(h.GetProperty("mrr").GetProperty("amountMinor").ToString()) : -1;

    public static Task<JsonElement?> WaitForCountAsync(HttpClient gateway, string accountId, long count, TimeSpan? within = null) =>
        Eventually.MatchesAsync(() => HealthAsync(gateway, accountId), h => Count(h) >= count, $"{accountId} to have {count} revenue events", within);
}
