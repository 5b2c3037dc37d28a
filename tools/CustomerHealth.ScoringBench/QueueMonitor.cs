using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CustomerHealth.ScoringBench;

/// <summary>
/// Samples scoring's queues through the RabbitMQ management API while signals flow: messages waiting
/// in the broker (ready) versus handed to the service and not yet acknowledged (unacked) tells whether
/// a backlog sits in the broker or inside the consumers.
/// </summary>
public sealed class QueueMonitor : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _vhost;

    public QueueMonitor(Uri managementUri, string amqpUri)
    {
        var broker = ServiceDefaults.Messaging.RabbitMqAddress.Parse(amqpUri);
        _vhost = Uri.EscapeDataString(broker.VirtualHost);
        _http = new HttpClient { BaseAddress = managementUri, Timeout = TimeSpan.FromSeconds(10) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{broker.Username}:{broker.Password}")));
    }

    /// <summary>Prints one line every <paramref name="every"/> until stopped.</summary>
    public async Task RunAsync(TimeSpan every, Func<string> context, CancellationToken stop)
    {
        var started = DateTime.UtcNow;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var queues = await DescribeAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    t={(DateTime.UtcNow - started).TotalSeconds,3:0} s  {queues}  {context()}"));
        }
    }

    public async Task<string> DescribeAsync()
    {
        var queues = await QueuesAsync();
        return queues is null
            ? "(queue stats unavailable)"
            : $"broker ready {queues.Sum(q => q.Ready):N0}, in consumers (unacked) {queues.Sum(q => q.Unacked):N0}"
              + (queues.Count == 0 ? "" : $" [{string.Join(", ", queues.Take(4).Select(q => $"{q.Name["scoring-".Length..]} {q.Ready}/{q.Unacked}"))}]");
    }

    /// <summary>Messages in scoring's queues, ready or unacknowledged; -1 when the API does not answer.</summary>
    public async Task<long> PendingAsync() => await QueuesAsync() is { } queues ? queues.Sum(q => q.Ready + q.Unacked) : -1;

    private async Task<List<(string Name, long Ready, long Unacked)>?> QueuesAsync()
    {
        try
        {
            using var response = await _http.GetAsync($"api/queues/{_vhost}?columns=name,messages_ready,messages_unacknowledged");
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.EnumerateArray()
                .Select(q => (Name: q.GetProperty("name").GetString()!, Ready: Count(q, "messages_ready"), Unacked: Count(q, "messages_unacknowledged")))
                .Where(q => q.Name.StartsWith("scoring-", StringComparison.Ordinal) && !q.Name.EndsWith("_error", StringComparison.Ordinal) && q.Ready + q.Unacked > 0)
                .OrderByDescending(q => q.Ready + q.Unacked)
                .ToList();
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static long Count(JsonElement queue, string property) =>
        queue.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    public void Dispose() => _http.Dispose();
}
