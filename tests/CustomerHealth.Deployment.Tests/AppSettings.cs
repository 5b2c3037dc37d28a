using System.Text.Json;
using System.Text.RegularExpressions;

namespace CustomerHealth.Deployment.Tests;

/// <summary>A project's appsettings.json flattened to environment-variable names (":" → "__").</summary>
public sealed partial class AppSettings
{
    private AppSettings(string path, IReadOnlyDictionary<string, string?> values)
    {
        Path = path;
        Values = values;
    }

    public string Path { get; }

    /// <summary>Leaf values by flattened key; configuration keys are case-insensitive, so is this.</summary>
    public IReadOnlyDictionary<string, string?> Values { get; }

    /// <summary>Keys whose value is "": by convention they must come from the environment.</summary>
    public IEnumerable<string> RequiredFromEnvironment =>
        Values.Where(kv => kv.Value is "").Select(kv => kv.Key).OrderBy(k => k, StringComparer.Ordinal);

    /// <summary>Every ReverseProxy:Clusters:*:Destinations:*:Address key (YARP backends).</summary>
    public IEnumerable<string> ProxyDestinationAddresses =>
        Values.Keys.Where(k => DestinationAddress().IsMatch(k)).OrderBy(k => k, StringComparer.Ordinal);

    public static AppSettings Load(string path)
    {
        using var doc = JsonDocument.Parse(
            File.ReadAllText(path),
            new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Flatten(doc.RootElement, prefix: null, values);
        return new AppSettings(path, values);
    }

    /// <summary>
    /// The port of the Kestrel endpoint that serves gRPC (Protocols Http2) or REST (anything else).
    /// Null, with a reason, when appsettings.json does not define exactly one such endpoint.
    /// </summary>
    public (int? Port, string? Problem) KestrelPort(bool grpc)
    {
        var matches = new List<(string Endpoint, string Url)>();
        foreach (var (key, url) in Values)
        {
            var m = KestrelUrl().Match(key);
            if (!m.Success || url is null)
            {
                continue;
            }

            var endpoint = m.Groups["endpoint"].Value;
            Values.TryGetValue($"Kestrel__Endpoints__{endpoint}__Protocols", out var protocols);
            var isGrpc = string.Equals(protocols, "Http2", StringComparison.OrdinalIgnoreCase);
            if (isGrpc == grpc)
            {
                matches.Add((endpoint, url));
            }
        }

        var what = grpc ? "gRPC endpoint (Protocols \"Http2\")" : "HTTP/1.1 endpoint (Protocols not \"Http2\")";
        if (matches.Count != 1)
        {
            return (null, $"{Path} must define exactly one Kestrel:Endpoints {what}, found {matches.Count}");
        }

        var port = UrlPort().Match(matches[0].Url);
        return port.Success
            ? (int.Parse(port.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), null)
            : (null, $"{Path}: Kestrel:Endpoints:{matches[0].Endpoint}:Url '{matches[0].Url}' has no explicit port");
    }

    private static void Flatten(JsonElement element, string? prefix, Dictionary<string, string?> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix is null ? property.Name : $"{prefix}__{property.Name}", values);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{prefix}__{i++}", values);
                }

                break;
            case JsonValueKind.String:
                values[prefix!] = element.GetString();
                break;
            case JsonValueKind.Null:
                values[prefix!] = null;
                break;
            default:
                values[prefix!] = element.GetRawText();
                break;
        }
    }

    [GeneratedRegex("^Kestrel__Endpoints__(?<endpoint>[^_]+(?:_[^_]+)*)__Url$", RegexOptions.IgnoreCase)]
    private static partial Regex KestrelUrl();

    // "http://0.0.0.0:5101", "http://*:5101/", "http://[::]:5101": Uri cannot parse every one of these.
    [GeneratedRegex(@":(\d+)/?$")]
    private static partial Regex UrlPort();

    [GeneratedRegex("^ReverseProxy__Clusters__.+__Destinations__.+__Address$", RegexOptions.IgnoreCase)]
    private static partial Regex DestinationAddress();
}
