using System.Globalization;

namespace CustomerHealth.Usage;

/// <summary>Usage is counted per UTC day; these are the conversions every slice shares.</summary>
public static class UtcDay
{
    public const string Format = "yyyy-MM-dd";

    public static DateOnly Of(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    public static DateOnly Of(DateTime utc) => DateOnly.FromDateTime(utc);

    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The last representable instant of the day in PostgreSQL (microseconds).</summary>
    public static DateTimeOffset EndOf(DateOnly day) => StartOf(day.AddDays(1)).AddTicks(-10);

    public static string ToText(DateOnly day) => day.ToString(Format, CultureInfo.InvariantCulture);

    public static bool TryParse(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
