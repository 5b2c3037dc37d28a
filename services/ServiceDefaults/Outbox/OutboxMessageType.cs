using System.Collections.Concurrent;
using System.Text.Json;

namespace CustomerHealth.ServiceDefaults.Outbox;

/// <summary>How a message type is named in the outbox: "Full.Type.Name, Assembly" without a version.</summary>
internal static class OutboxMessageType
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly ConcurrentDictionary<string, Type?> Resolved = new();

    public static string NameOf(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static Type? Resolve(string name) => Resolved.GetOrAdd(name, n => Type.GetType(n, throwOnError: false));
}
