using System.Diagnostics;
using CustomerHealth.Usage.V1;
using Grpc.Core;

namespace CustomerHealth.UsageBench;

/// <summary>Calls GetAccountUsage for random accounts back to back while the load runs; keeps each latency.</summary>
internal sealed class QueryProbe(UsageService.UsageServiceClient client, string[] accounts)
{
    private readonly List<double> _latenciesMs = [];
    private int _notFound;
    private int _errors;

    public async Task RunAsync(CancellationToken ct)
    {
        var random = new Random(42);
        while (!ct.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await client.GetAccountUsageAsync(new GetAccountUsageRequest { AccountId = accounts[random.Next(accounts.Length)] }, cancellationToken: ct);
                _latenciesMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                _notFound++;
            }
            catch (RpcException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException)
            {
                _errors++;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // A dashboard-like pace: a few calls a second per user, here ~20/s.
            await Task.Delay(50, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public string Describe()
    {
        if (_latenciesMs.Count == 0)
        {
            return $"no successful calls ({_notFound} NOT_FOUND, {_errors} errors)";
        }

        var sorted = _latenciesMs.Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        var errors = _errors == 0 ? "" : $" ({_errors} errors)";
        return $"{sorted.Length} calls{errors}: p50 {At(0.50):0.0} ms, p90 {At(0.90):0.0} ms, p99 {At(0.99):0.0} ms, max {sorted[^1]:0.0} ms";
    }

    public double P99 => _latenciesMs.Count == 0 ? double.NaN : _latenciesMs.Order().ElementAt(Math.Max(0, (int)Math.Ceiling(0.99 * _latenciesMs.Count) - 1));
}
