using System.Globalization;
using System.Text.Json;

namespace CustomerHealth.Usage.Tests;

public static class Json
{
    /// <summary>A 64-bit integer as transcoding writes it (a number, or a string per the proto3 JSON mapping).</summary>
    public static long Long(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? long.Parse(element.GetString()!, CultureInfo.InvariantCulture) : element.GetInt64();
}
