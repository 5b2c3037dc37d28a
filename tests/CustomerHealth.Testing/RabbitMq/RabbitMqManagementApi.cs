using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CustomerHealth.Testing;

/// <summary>The few management HTTP API calls needed: creating a vhost is far quicker over HTTP than via rabbitmqctl.</summary>
internal sealed class RabbitMqManagementApi : IDisposable
{
    private readonly HttpClient http;
    private readonly string username;

    public RabbitMqManagementApi(Uri baseAddress, string username, string password)
    {
        this.username = username;
        http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
    }

    public async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync("api/overview", ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>
    /// Creates <paramref name="name"/> and gives the API user full permissions on it. On a broker
    /// before 3.12 (Debian's is 3.10) its queues are made lazy by policy, as every classic queue is
    /// from 3.12 on (the image the k8s manifests run): a backlog then waits on disk instead of in the
    /// queue process's heap, whose garbage collection grew with it.
    /// </summary>
    public async Task CreateVirtualHostAsync(string name, CancellationToken ct)
    {
        var vhost = Uri.EscapeDataString(name);
        await PutAsync($"api/vhosts/{vhost}", "{}", ct).ConfigureAwait(false);
        await PutAsync($"api/permissions/{vhost}/{Uri.EscapeDataString(username)}",
            """{"configure":".*","write":".*","read":".*"}""", ct).ConfigureAwait(false);
        if (await VersionAsync(ct).ConfigureAwait(false) < new Version(3, 12))
        {
            await PutAsync($"api/policies/{vhost}/lazy-queues",
                """{"pattern":".*","apply-to":"queues","definition":{"queue-mode":"lazy"}}""", ct).ConfigureAwait(false);
        }
    }

    private async Task<Version> VersionAsync(CancellationToken ct)
    {
        using var overview = JsonDocument.Parse(await http.GetStringAsync("api/overview", ct).ConfigureAwait(false));
        var text = overview.RootElement.GetProperty("rabbitmq_version").GetString() ?? "";
        // "3.10.8", or "4.0.0-beta.1" and the like: the numeric part decides.
        return Version.TryParse(new string([.. text.TakeWhile(c => char.IsDigit(c) || c == '.')]), out var version) ? version : new Version(0, 0);
    }

    public void Dispose() => http.Dispose();

    private async Task PutAsync(string path, string json, CancellationToken ct)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PutAsync(path, content, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            throw new InvalidOperationException($"RabbitMQ management API PUT {path} answered {(int)response.StatusCode}: {body}");
        }
    }
}
