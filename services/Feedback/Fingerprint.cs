using System.Security.Cryptography;
using System.Text;

namespace CustomerHealth.Feedback;

/// <summary>Identifies a payload, to tell a harmless redelivery from a conflicting reuse of an event id.</summary>
public static class Fingerprint
{
    public static string Of(params object?[] fields) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', fields.Select(f => f switch
        {
            DateTimeOffset t => t.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            null => "",
            _ => Convert.ToString(f, System.Globalization.CultureInfo.InvariantCulture),
        })))));
}
