using System.Text.Json;
using CustomerHealth.ServiceDefaults.Validation;
using CustomerHealth.Usage.V1;
using Google.Protobuf.WellKnownTypes;

namespace CustomerHealth.Usage.RecordingEvents;

/// <summary>
/// The rules for one usage event. The common case (a valid event) is checked without allocating;
/// only an invalid event builds field violations, with the same wording as the other services.
/// </summary>
public sealed class UsageEventValidation(int retentionDays)
{
    public const int MaxFeatureLength = 100;
    public const int MaxProperties = 16;
    public const int MaxPropertyKeyLength = 100;
    public const int MaxPropertyValueLength = 1_000;
    public const long MaxQuantity = 1_000_000_000;

    /// <summary>Product clocks drift; a little future is tolerated.</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    private static readonly long MinSeconds = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    /// <summary>Null when valid; otherwise every problem of the event.</summary>
    public FieldViolations? Validate(UsageEvent e, DateTimeOffset now) =>
        IsValid(e, now) ? null : Describe(e, now);

    public static ValidUsageEvent ToValid(UsageEvent e) => new(
        e.AccountId,
        e.EventId,
        e.UserId,
        e.Feature,
        ToUtc(e.OccurredAt),
        e.HasQuantity ? e.Quantity : 1,
        e.Properties.Count == 0 ? null : JsonSerializer.Serialize(e.Properties));

    private bool IsValid(UsageEvent e, DateTimeOffset now) =>
        IsId(e.EventId) && IsId(e.AccountId) && IsId(e.UserId)
        && IsFeature(e.Feature)
        && TimestampProblem(e.OccurredAt, now) is null
        && (!e.HasQuantity || e.Quantity is >= 1 and <= MaxQuantity)
        && PropertiesAreValid(e);

    private FieldViolations Describe(UsageEvent e, DateTimeOffset now)
    {
        var violations = new FieldViolations()
            .RequireId("event_id", e.EventId)
            .RequireId("account_id", e.AccountId)
            .RequireId("user_id", e.UserId)
            .RequireText("feature", e.Feature, MaxFeatureLength);
        if (TimestampProblem(e.OccurredAt, now) is { } problem)
        {
            violations.Add("occurred_at", problem);
        }

        if (e.HasQuantity && e.Quantity is < 1 or > MaxQuantity)
        {
            violations.Add("quantity", $"must be between 1 and {MaxQuantity:N0} (got {e.Quantity}); leave it out for 1.");
        }

        if (e.Properties.Count > MaxProperties)
        {
            violations.Add("properties", $"must have at most {MaxProperties} entries (got {e.Properties.Count}).");
        }

        foreach (var (key, value) in e.Properties)
        {
            if (!IsPropertyKey(key))
            {
                violations.Add($"properties[{Truncate(key)}]", $"keys must be 1-{MaxPropertyKeyLength} characters without control characters.");
            }
            else if (!IsPropertyValue(value))
            {
                violations.Add($"properties[{Truncate(key)}]", $"values must be at most {MaxPropertyValueLength} characters without control characters.");
            }
        }

        return violations;
    }

    private string? TimestampProblem(Timestamp? value, DateTimeOffset now)
    {
        if (value is null)
        {
            return "is required.";
        }

        if (value.Nanos is < 0 or > 999_999_999)
        {
            return "has invalid nanos.";
        }

        if (value.Seconds < MinSeconds)
        {
            return "must not be before 2000-01-01.";
        }

        var nowSeconds = now.ToUnixTimeSeconds();
        if (value.Seconds > nowSeconds + (long)AllowedClockSkew.TotalSeconds)
        {
            return $"must not be more than {AllowedClockSkew.TotalMinutes:0} minutes in the future.";
        }

        if (value.Seconds < nowSeconds - (retentionDays * 86_400L))
        {
            return $"must not be older than the retention period of {retentionDays} days.";
        }

        return null;
    }

    private static DateTime ToUtc(Timestamp t) =>
        DateTime.UnixEpoch.AddTicks((t.Seconds * TimeSpan.TicksPerSecond) + (t.Nanos / 100));

    /// <summary>Same rule as FieldRules.RequireId: printable ASCII, no spaces at either end.</summary>
    private static bool IsId(string value)
    {
        if (value.Length is 0 or > FieldRules.MaxIdLength || value[0] == ' ' || value[^1] == ' ')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsFeature(string value) =>
        value.Length is > 0 and <= MaxFeatureLength && !string.IsNullOrWhiteSpace(value) && !HasControl(value);

    private static bool PropertiesAreValid(UsageEvent e)
    {
        if (e.Properties.Count == 0)
        {
            return true;
        }

        if (e.Properties.Count > MaxProperties)
        {
            return false;
        }

        foreach (var (key, value) in e.Properties)
        {
            if (!IsPropertyKey(key) || !IsPropertyValue(value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPropertyKey(string key) => key.Length is > 0 and <= MaxPropertyKeyLength && !HasControl(key);

    private static bool IsPropertyValue(string value) => value.Length <= MaxPropertyValueLength && !HasControl(value);

    private static bool HasControl(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
