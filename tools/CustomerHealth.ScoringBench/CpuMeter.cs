using System.Diagnostics;
using System.Globalization;
using CustomerHealth.Testing;

namespace CustomerHealth.ScoringBench;

/// <summary>CPU seconds the scoring process, PostgreSQL and this bench used during a phase: where the two cores went.</summary>
public sealed class CpuMeter
{
    private readonly BenchEnvironment _environment;
    private readonly double _scoring;
    private readonly double _postgres;
    private readonly double _bench;
    private readonly double _rabbit;
    private readonly string _load;

    private CpuMeter(BenchEnvironment environment)
    {
        _environment = environment;
        _scoring = environment.ScoringCpuSeconds();
        _postgres = environment.PostgresCpuSeconds();
        _bench = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        _rabbit = environment.RabbitMqCpuSeconds();
        _load = ProcessCpu.LoadAverage();
    }

    public static CpuMeter Start(BenchEnvironment environment) => new(environment);

    /// <param name="items">When given, also the CPU milliseconds per item (signal, account) per process: the cost that sets the capacity.</param>
    public string Describe(TimeSpan wall, long items = 0, string item = "item")
    {
        var scoring = _environment.ScoringCpuSeconds() - _scoring;
        var postgres = _environment.PostgresCpuSeconds() - _postgres;
        var bench = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - _bench;
        var rabbit = _environment.RabbitMqCpuSeconds() - _rabbit;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"CPU over {wall.TotalSeconds:0.0} s wall: scoring {scoring:0.0} s, PostgreSQL {postgres:0.0} s, RabbitMQ {rabbit:0.0} s, bench process (publisher, seeder, client, rebuild) {bench:0.0} s "
            + $"of {wall.TotalSeconds * Environment.ProcessorCount:0} core-seconds; load average at start {_load}, at end {ProcessCpu.LoadAverage()}");
        return items <= 0
            ? line
            : line + string.Create(CultureInfo.InvariantCulture,
                $"; per {item}: scoring {scoring * 1000 / items:0.00} ms, PostgreSQL {postgres * 1000 / items:0.00} ms, RabbitMQ {rabbit * 1000 / items:0.00} ms, "
                + $"together {(scoring + postgres + rabbit) * 1000 / items:0.00} ms = at most {items / (scoring + postgres + rabbit) * Environment.ProcessorCount:N0} {item}s/s on {Environment.ProcessorCount} cores");
    }
}
