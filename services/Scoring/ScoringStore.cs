using CustomerHealth.Scoring.ReadingHealth;
using CustomerHealth.Scoring.ReceivingSignals;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;

namespace CustomerHealth.Scoring;

/// <summary>Scoring's Marten schema: one event stream per account (keyed by account id) and its read models.</summary>
public static class ScoringStore
{
    public static void Configure(StoreOptions opts)
    {
        opts.Events.AppendMode = EventAppendMode.Quick;
        opts.Events.AddEventType<RevenueRecorded>();
        opts.Schema.For<ProcessedSignal>();
        opts.Projections.Add<AccountHealthProjection>(ProjectionLifecycle.Async);
        // Health should follow a signal within a second; the defaults poll every 250 ms-1 s.
        opts.Projections.FastPollingTime = TimeSpan.FromMilliseconds(100);
        opts.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(200);
    }
}
