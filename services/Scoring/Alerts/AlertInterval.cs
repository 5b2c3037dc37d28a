namespace CustomerHealth.Scoring.Alerts;

/// <summary>A span during which a rule held for an account: one alert. Open while <see cref="ClearedAt"/> is null.</summary>
public sealed record AlertInterval(string AlertId, string Rule, string Reason, DateTimeOffset Since, DateTimeOffset? ClearedAt)
{
    /// <summary>The same span always gets the same id (URL-safe), on every instance and on replay.</summary>
    public static string IdFor(string accountId, string rule, DateTimeOffset since) =>
        ServiceDefaults.Resilience.DeterministicGuid.From($"{accountId}\u001f{rule}\u001f{since.UtcTicks}").ToString("N");
}
