using CustomerHealth.Scoring.Measuring;

namespace CustomerHealth.Scoring.Explaining;

/// <summary>The detail one source service holds behind some measures, or why it could not be had.</summary>
public sealed record SourceDetail(string Service, IReadOnlyList<string> Measures, bool Available, string Error, string DetailJson);

/// <summary>Fetches the detail for an account from one source service over gRPC.</summary>
public interface ISourceDetailProvider
{
    string Service { get; }

    Task<string> FetchJsonAsync(string accountId, DateTime deadline, CancellationToken ct);
}

/// <summary>
/// Asks every source service at once, each with its own deadline; a service that is down or slow
/// is reported as unavailable and the explanation is still answered.
/// </summary>
public sealed class SourceDetails(IEnumerable<ISourceDetailProvider> providers, IConfiguration configuration, ILogger<SourceDetails> logger)
{
    /// <summary>How long the drill-down waits for each service (Scoring:Explain:DeadlineSeconds, default 2).</summary>
    private TimeSpan Deadline => TimeSpan.FromSeconds(configuration.GetValue("Scoring:Explain:DeadlineSeconds", 2.0));

    public async Task<IReadOnlyList<SourceDetail>> FetchAsync(string accountId, CancellationToken ct) =>
        await Task.WhenAll(providers.Select(p => FetchOneAsync(p, accountId, ct)));

    private async Task<SourceDetail> FetchOneAsync(ISourceDetailProvider provider, string accountId, CancellationToken ct)
    {
        var measures = MeasureKeys.All.Where(k => MeasureKeys.SourceService(k) == provider.Service).ToList();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Deadline);
        try
        {
            return new SourceDetail(provider.Service, measures, true, "", await provider.FetchJsonAsync(accountId, DateTime.UtcNow + Deadline, deadline.Token));
        }
        catch (Grpc.Core.RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.NotFound)
        {
            // The service answered: it simply holds nothing for this account.
            return new SourceDetail(provider.Service, measures, true, "", System.Text.Json.JsonSerializer.Serialize(new { not_found = ex.Status.Detail }));
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogInformation(ex, "Explain drill-down from {Service} unavailable for {AccountId}", provider.Service, accountId);
            return new SourceDetail(provider.Service, measures, false, ex is OperationCanceledException ? $"no answer within {Deadline.TotalSeconds:0} s" : ex.Message, "");
        }
    }
}
