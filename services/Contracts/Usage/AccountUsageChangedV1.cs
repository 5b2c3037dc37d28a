namespace CustomerHealth.Contracts.Usage;

/// <summary>
/// An account's engagement metrics as of one day (published by usage, coalesced per account and day).
/// A later signal for the same (account, day) supersedes an earlier one.
/// </summary>
/// <param name="SignalId">Unique per publication; consumers deduplicate on it.</param>
/// <param name="AsOfDay">The UTC day the metrics describe.</param>
/// <param name="Dau">Distinct active users on <paramref name="AsOfDay"/>.</param>
/// <param name="Wau">Distinct active users in the 7 days ending on <paramref name="AsOfDay"/>.</param>
/// <param name="Mau">Distinct active users in the 28 days ending on <paramref name="AsOfDay"/>.</param>
/// <param name="AverageDau28">Mean DAU over those 28 days (stickiness = AverageDau28 / Mau).</param>
/// <param name="ActiveUsers">Distinct users ever active within the retention period.</param>
/// <param name="CoreFeaturesUsed28">Core features used at least once in the 28 days.</param>
/// <param name="CoreFeaturesConfigured">How many core features are configured.</param>
/// <param name="EventsLast14Days">Events in the 14 days ending on <paramref name="AsOfDay"/>.</param>
/// <param name="EventsPrevious14Days">Events in the 14 days before those.</param>
/// <param name="OccurredAt">The instant the metrics are true for: end of <paramref name="AsOfDay"/>, or the latest event for today.</param>
public sealed record AccountUsageChangedV1(
    string SignalId,
    string AccountId,
    DateOnly AsOfDay,
    int Dau,
    int Wau,
    int Mau,
    double AverageDau28,
    int ActiveUsers,
    int CoreFeaturesUsed28,
    int CoreFeaturesConfigured,
    long EventsLast14Days,
    long EventsPrevious14Days,
    DateTimeOffset? LastActiveAt,
    DateTimeOffset OccurredAt);
