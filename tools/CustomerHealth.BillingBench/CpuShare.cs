using System.Globalization;
using System.Text;
using CustomerHealth.Testing;

namespace CustomerHealth.BillingBench;

/// <summary>
/// CPU seconds each process of the system used over a stretch of the run, and per event: where the
/// two cores went (services, PostgreSQL with its backends, RabbitMQ, this bench, the whole machine).
/// </summary>
public sealed class CpuShare
{
    private readonly BenchSystem _system;
    private readonly IReadOnlyList<(string Name, double Seconds)> _start;
    private readonly string _load = ProcessCpu.LoadAverage();

    private CpuShare(BenchSystem system)
    {
        _system = system;
        _start = system.CpuSeconds();
    }

    public static CpuShare Start(BenchSystem system) => new(system);

    public string Describe(string stretch, TimeSpan wall, long events, string item)
    {
        var now = _system.CpuSeconds();
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"  CPU, {stretch} ({wall.TotalSeconds:F1} s wall, {wall.TotalSeconds * Environment.ProcessorCount:F0} core-seconds; load average {_load} → {ProcessCpu.LoadAverage()}):\n"));
        foreach (var (name, seconds) in now)
        {
            var used = seconds - (_start.FirstOrDefault(s => s.Name == name).Seconds);
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"    {name,-14} {used,7:F1} s = {used / wall.TotalSeconds,5:F2} cores, {(events > 0 ? used * 1000 / events : 0),6:F3} ms per {item}\n"));
        }

        return text.ToString().TrimEnd('\n');
    }
}
