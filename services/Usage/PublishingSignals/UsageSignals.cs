using CustomerHealth.Contracts.Usage;
using CustomerHealth.ServiceDefaults.Resilience;
using CustomerHealth.Usage.Metrics;

namespace CustomerHealth.Usage.PublishingSignals;

/// <summary>A snapshot as the integration event scoring consumes.</summary>
public static class UsageSignals
{
    /// <param name="publication">
    /// Tells the account's publications apart: the scheduler run that created a pending signal, or the
    /// last stamp (UTC ticks) of waiting history. (account, day, publication) identifies one publication,
    /// so a publication repeated after a crash keeps its id.
    /// </param>
    public static (Guid MessageId, AccountUsageChangedV1 Message) For(string accountId, EngagementSnapshot s, long publication, DateTimeOffset now)
    {
        var id = DeterministicGuid.From($"usage/signal/{accountId}/{UtcDay.ToText(s.Day)}/{publication}");
        var today = UtcDay.Of(now);
        return (id, new AccountUsageChangedV1(
            id.ToString("N"),
            accountId,
            s.Day,
            s.Dau,
            s.Wau,
            s.Mau,
            s.AverageDau,
            s.ActiveUsers,
            s.CoreFeaturesUsed,
            s.CoreFeaturesConfigured,
            s.EventsLast14Days,
            s.EventsPrevious14Days,
            s.LastActiveAt,
            s.Day < today ? UtcDay.EndOf(s.Day) : now));
    }
}
