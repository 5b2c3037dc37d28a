using CustomerHealth.Scoring.Signals;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CustomerHealth.Scoring.Accounts;

/// <summary>How many signals of each source an account has sent and when the last arrived: data coverage.</summary>
public sealed record AccountActivity(string Id, IReadOnlyDictionary<string, long> SignalsBySource, DateTimeOffset? LastSignalAt, long EventCount);

/// <summary>Async projection run by the HotCold daemon; it lags the stream by a poll at most.</summary>
public sealed class AccountActivityProjection : SingleStreamProjection<AccountActivity, string>
{
    public override AccountActivity Evolve(AccountActivity? snapshot, string id, IEvent e)
    {
        var current = snapshot ?? new AccountActivity(id, new Dictionary<string, long>(), null, 0);
        if (e.Data is not IAccountSignal signal)
        {
            return current with { EventCount = current.EventCount + 1 };
        }

        var source = signal.SourceId.Split('/')[0];
        var counts = new Dictionary<string, long>(current.SignalsBySource) { [source] = current.SignalsBySource.GetValueOrDefault(source) + 1 };
        return current with
        {
            SignalsBySource = counts,
            LastSignalAt = current.LastSignalAt is { } last && last > signal.OccurredAt ? last : signal.OccurredAt,
            EventCount = current.EventCount + 1,
        };
    }
}
