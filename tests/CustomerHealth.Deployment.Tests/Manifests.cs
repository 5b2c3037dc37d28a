using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace CustomerHealth.Deployment.Tests;

/// <summary>One YAML document of a Kubernetes/kustomize file, as a JSON tree whose scalars are all strings.</summary>
public sealed record ManifestDoc(string File, JsonObject Node)
{
    public string? Kind => Node.Str("kind");

    public string? Name => Node.Str("metadata", "name");

    public override string ToString() => $"{Kind}/{Name} ({File})";
}

public static class Manifests
{
    /// <summary>All mapping documents in every *.yaml/*.yml under <paramref name="dir"/> (multi-document files included).</summary>
    public static IReadOnlyList<ManifestDoc> Load(string root, string dir)
    {
        var full = Path.Combine(root, dir);
        if (!Directory.Exists(full))
        {
            return [];
        }

        return Directory.EnumerateFiles(full, "*.*", SearchOption.AllDirectories)
            .Where(IsYaml)
            .OrderBy(f => f, StringComparer.Ordinal)
            .SelectMany(f => LoadFile(f, Path.GetRelativePath(root, f).Replace('\\', '/')))
            .ToList();
    }

    public static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    public static IEnumerable<ManifestDoc> LoadFile(string path, string displayName)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            try
            {
                stream.Load(reader);
            }
            catch (YamlDotNet.Core.YamlException e)
            {
                throw new InvalidOperationException($"{displayName} is not valid YAML: {e.Message}", e);
            }
        }

        // JSON-patch files are sequences, not resources; they are checked through their kustomization.
        return stream.Documents
            .Select(d => ToJson(d.RootNode))
            .OfType<JsonObject>()
            .Select(o => new ManifestDoc(displayName, o))
            .ToList();
    }

    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? string.Empty, ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => scalar.Value is null ? null : JsonValue.Create(scalar.Value),
        _ => null,
    };

    /// <summary>The string at a path of object keys, or null when any step is missing.</summary>
    public static string? Str(this JsonNode? node, params string[] path)
    {
        var n = node.At(path);
        return n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    public static JsonNode? At(this JsonNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node is JsonObject o ? o[key] : null;
        }

        return node;
    }

    /// <summary>The elements of the array at a path; empty when it is missing or not an array.</summary>
    public static IEnumerable<JsonNode?> Items(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonArray a ? a : [];

    /// <summary>The keys of the object at a path; empty when it is missing.</summary>
    public static IEnumerable<string> Keys(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonObject o ? o.Select(kv => kv.Key) : [];
}
