using Google.Protobuf.WellKnownTypes;

namespace CustomerHealth.ServiceDefaults.Validation;

/// <summary>The field rules shared by every ingest path (ids, names, timestamps, money).</summary>
public static class FieldRules
{
    public const int MaxIdLength = 128;

    /// <summary>Ids: 1-128 printable ASCII characters, no spaces at either end.</summary>
    public static FieldViolations RequireId(this FieldViolations v, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return v.Add(field, "is required.");
        }

        if (value.Length > MaxIdLength)
        {
            return v.Add(field, $"must be at most {MaxIdLength} characters (got {value.Length}).");
        }

        if (!value.All(c => c is >= '!' and <= '~' or ' ') || value.Trim().Length != value.Length)
        {
            return v.Add(field, "must contain printable ASCII characters only, without leading or trailing spaces.");
        }

        return v;
    }

    public static FieldViolations RequireText(this FieldViolations v, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return v.Add(field, "is required.");
        }

        return v.OptionalText(field, value, maxLength);
    }

    public static FieldViolations OptionalText(this FieldViolations v, string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            v.Add(field, $"must be at most {maxLength} characters (got {value.Length}).");
        }
        else if (value is not null && value.Any(char.IsControl))
        {
            v.Add(field, "must not contain control characters.");
        }

        return v;
    }

    /// <summary>Timestamps must be set and not in the future beyond clock skew.</summary>
    public static FieldViolations RequirePastTimestamp(this FieldViolations v, string field, Timestamp? value, DateTimeOffset now, TimeSpan allowedSkew)
    {
        if (value is null)
        {
            return v.Add(field, "is required.");
        }

        if (value.Seconds < Timestamp.FromDateTimeOffset(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)).Seconds)
        {
            return v.Add(field, "must not be before 2000-01-01.");
        }

        if (value.ToDateTimeOffset() > now + allowedSkew)
        {
            return v.Add(field, $"must not be more than {allowedSkew.TotalMinutes:0} minutes in the future.");
        }

        return v;
    }

    /// <summary>Money: non-negative minor units and an ISO 4217 code (three upper-case letters).</summary>
    public static FieldViolations RequireMoney(this FieldViolations v, string field, Common.V1.Money? value)
    {
        if (value is null)
        {
            return v.Add(field, "is required.");
        }

        if (value.AmountMinor < 0)
        {
            v.Add($"{field}.amount_minor", "must not be negative.");
        }

        if (!IsCurrencyCode(value.Currency))
        {
            v.Add($"{field}.currency", "must be an ISO 4217 code of three upper-case letters, e.g. USD.");
        }

        return v;
    }

    public static bool IsCurrencyCode(string? code) => code is { Length: 3 } && code.All(c => c is >= 'A' and <= 'Z');
}
