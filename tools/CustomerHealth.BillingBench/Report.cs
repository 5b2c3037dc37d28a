namespace CustomerHealth.BillingBench;

public static class Report
{
    public static void Ingest(string what, LoadResult load)
    {
        Console.WriteLine($"{what}:");
        Console.WriteLine($"  accepted:                      {load.Accepted:N0} of {load.Sent:N0} sent in {load.Elapsed.TotalSeconds:F1} s = {load.Rate:N0}/s");
        Console.WriteLine($"  per 10 s window:               {string.Join(" ", load.AcceptedPer10s.Select(w => $"{w / 10.0:N0}/s"))}");
        Console.WriteLine($"  batch latency p50/p99/max:     {load.Percentile(0.5):N0} / {load.Percentile(0.99):N0} / {load.Percentile(1):N0} ms");
        Console.WriteLine($"  batches sent again:            {load.RetriedBatches:N0}");
    }
}
