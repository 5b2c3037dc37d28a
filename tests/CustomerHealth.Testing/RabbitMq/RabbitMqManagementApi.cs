using System.Net.Http.Headers;
using System.Text;

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

    /// <summary>Creates <paramref name="name"/> and gives the API user full permissions on it.</summary>
    public async Task CreateVirtualHostAsync(string name, CancellationToken ct)
    {
        var vhost = Uri.EscapeDataString(name);
        await PutAsync($"api/vhosts/{vhost}", "{}", ct).ConfigureAwait(false);
        await PutAsync($"api/permissions/{vhost}/{Uri.EscapeDataString(username)}",
            """{"configure":".*","write":".*","read":".*"}""", ct).ConfigureAwait(false);
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
