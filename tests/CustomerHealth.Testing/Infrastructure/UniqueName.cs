using System.Text;

namespace CustomerHealth.Testing;

/// <summary>Builds names that are valid unquoted PostgreSQL identifiers and RabbitMQ vhost names.</summary>
internal static class UniqueName
{
    private const int MaxPrefixLength = 40;

    public static string Random8() => Guid.NewGuid().ToString("N")[..8];

    public static string For(string prefix)
    {
        var cleaned = new StringBuilder(prefix.Length);
        foreach (var c in prefix.ToLowerInvariant())
        {
            cleaned.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '_');
        }

        var stem = cleaned.Length == 0 || !char.IsAsciiLetterLower(cleaned[0]) ? "x" + cleaned : cleaned.ToString();
        if (stem.Length > MaxPrefixLength)
        {
            stem = stem[..MaxPrefixLength];
        }

        return $"{stem}_{Random8()}";
    }
}
