using CustomerHealth.ServiceDefaults.Validation;
using CustomerHealth.Usage.Metrics;
using CustomerHealth.Usage.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CustomerHealth.Usage.ReadingUsage;

/// <summary>ListTopFeatures: the account's most used features over a window ending today.</summary>
public sealed class TopFeaturesQuery(NpgsqlDataSource dataSource, AccountDirectory accounts, IOptions<UsageOptions> options, TimeProvider clock)
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;
    private readonly UsageWindows _windows = UsageWindows.From(options.Value);

    public async Task<ListTopFeaturesResponse> ListAsync(ListTopFeaturesRequest request, CancellationToken ct)
    {
        var violations = new FieldViolations().RequireId("account_id", request.AccountId);
        if (request.WindowDays < 0 || request.WindowDays > _windows.RetentionDays)
        {
            violations.Add("window_days", $"must be between 1 and {_windows.RetentionDays} (0 or absent: {_windows.MauDays}).");
        }

        if (request.Limit is < 0 or > MaxLimit)
        {
            violations.Add("limit", $"must be between 1 and {MaxLimit} (0 or absent: {DefaultLimit}).");
        }

        violations.ThrowIfAny();
        await accounts.EnsureKnownAsync(request.AccountId, ct);
        var today = UtcDay.Of(clock.GetUtcNow());
        var from = today.AddDays(-((request.WindowDays == 0 ? _windows.MauDays : request.WindowDays) - 1));
        var core = _windows.CoreFeatures.ToHashSet(StringComparer.Ordinal);

        await using var command = dataSource.CreateCommand("""
            select feature, sum(events)::bigint, sum(quantity)::bigint, count(*)::int, max(last_at)
            from usage.daily_features where account_id = $1 and day between $2 and $3
            group by feature order by 2 desc, 1 limit $4
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = request.AccountId });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = today });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Limit == 0 ? DefaultLimit : request.Limit });
        var response = new ListTopFeaturesResponse { AccountId = request.AccountId, FromDay = UtcDay.ToText(from), ToDay = UtcDay.ToText(today) };
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var feature = reader.GetString(0);
            response.Features.Add(new TopFeature
            {
                Feature = feature,
                Events = reader.GetInt64(1),
                Quantity = reader.GetInt64(2),
                ActiveDays = reader.GetInt32(3),
                Core = core.Contains(feature),
                LastUsedAt = Timestamp.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(4)),
            });
        }

        return response;
    }
}
