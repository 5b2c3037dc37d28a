using CustomerHealth.ServiceDefaults.Validation;
using CustomerHealth.Usage.Metrics;
using CustomerHealth.Usage.V1;
using Microsoft.Extensions.Options;

namespace CustomerHealth.Usage.ReadingUsage;

/// <summary>GetAccountUsage: the metrics now plus a daily series, for dashboards and scoring's drill-down.</summary>
public sealed class AccountUsageQuery(UsageHistoryReader reader, AccountDirectory accounts, IOptions<UsageOptions> options, TimeProvider clock)
{
    public const int DefaultDays = 30;
    private readonly UsageWindows _windows = UsageWindows.From(options.Value);

    public async Task<GetAccountUsageResponse> GetAsync(GetAccountUsageRequest request, CancellationToken ct)
    {
        var today = UtcDay.Of(clock.GetUtcNow());
        var violations = new FieldViolations().RequireId("account_id", request.AccountId);
        var to = ParseDay(violations, "to", request.To) ?? today;
        var from = ParseDay(violations, "from", request.From) ?? to.AddDays(-(DefaultDays - 1));
        if (violations.IsEmpty)
        {
            if (from > to)
            {
                violations.Add("from", "must not be after to.");
            }
            else if (to.DayNumber - from.DayNumber + 1 > _windows.RetentionDays)
            {
                violations.Add("from", $"the range must span at most {_windows.RetentionDays} days (the retention period).");
            }
            else if (to > today)
            {
                violations.Add("to", "must not be after today (UTC).");
            }
        }

        violations.ThrowIfAny();
        var history = await reader.LoadAsync(new UsageHistoryReader.Request(request.AccountId, from, today), _windows, ct);
        if (history.UserFirstDays.Count == 0)
        {
            // No user active up to today within retention: ask the directory only then, so a known
            // account costs one round trip (every event stores a user and a feature row together).
            await accounts.EnsureKnownAsync(request.AccountId, ct);
        }

        var snapshots = EngagementCalculator.Compute(history, _windows, from, today);
        return new GetAccountUsageResponse
        {
            AccountId = request.AccountId,
            Current = snapshots[^1].ToMetrics(),
            Daily = { snapshots.Where(s => s.Day <= to).Select(s => s.ToDaily()) },
            Definitions = _windows.ToDefinitions(),
        };
    }

    private static DateOnly? ParseDay(FieldViolations violations, string field, string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!UtcDay.TryParse(text, out var day))
        {
            violations.Add(field, "must be a day as YYYY-MM-DD.");
            return null;
        }

        return day;
    }
}
