namespace CustomerHealth.Usage.Metrics;

/// <summary>One day's usage of one feature by an account (a row of usage.daily_features).</summary>
public sealed record DailyFeatureRow(DateOnly Day, string Feature, long Events, long Quantity, DateTimeOffset FirstAt, DateTimeOffset LastAt);

/// <summary>
/// What the metrics of an account for as-of days in [<see cref="From"/> + span - 1, <see cref="To"/>]
/// are computed from: daily users and features of the loaded days, each user's first active day
/// (for active users), and the latest activity before the loaded days (for last active).
/// </summary>
public sealed class AccountHistory(string accountId, DateOnly from, DateOnly to)
{
    public string AccountId { get; } = accountId;

    public DateOnly From { get; } = from;

    public DateOnly To { get; } = to;

    public Dictionary<DateOnly, List<string>> UsersByDay { get; } = [];

    public Dictionary<DateOnly, List<DailyFeatureRow>> FeaturesByDay { get; } = [];

    /// <summary>Each user's first active day up to <see cref="To"/>, within retention.</summary>
    public List<DateOnly> UserFirstDays { get; } = [];

    public DateTimeOffset? LastActiveBefore { get; set; }

    public void AddUser(DateOnly day, string user)
    {
        if (!UsersByDay.TryGetValue(day, out var users))
        {
            UsersByDay[day] = users = [];
        }

        users.Add(user);
    }

    public void AddFeature(DailyFeatureRow row)
    {
        if (!FeaturesByDay.TryGetValue(row.Day, out var rows))
        {
            FeaturesByDay[row.Day] = rows = [];
        }

        rows.Add(row);
    }
}
