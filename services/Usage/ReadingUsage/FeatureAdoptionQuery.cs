using CustomerHealth.ServiceDefaults.Validation;
using CustomerHealth.Usage.Metrics;
using CustomerHealth.Usage.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace CustomerHealth.Usage.ReadingUsage;

/// <summary>GetFeatureAdoption: each configured core feature, used in the MAU window or not, and since when.</summary>
public sealed class FeatureAdoptionQuery(NpgsqlDataSource dataSource, AccountDirectory accounts, IOptions<UsageOptions> options, TimeProvider clock)
{
    private readonly UsageWindows _windows = UsageWindows.From(options.Value);

    public async Task<GetFeatureAdoptionResponse> GetAsync(GetFeatureAdoptionRequest request, CancellationToken ct)
    {
        new FieldViolations().RequireId("account_id", request.AccountId).ThrowIfAny();
        await accounts.EnsureKnownAsync(request.AccountId, ct);
        var today = UtcDay.Of(clock.GetUtcNow());
        var windowStart = today.AddDays(-(_windows.MauDays - 1));

        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            select feature, min(first_at), max(last_at), coalesce(sum(events) filter (where day >= $3), 0)
            from usage.daily_features where account_id = $1 and feature = any($2)
            group by feature
            """)
        {
            Parameters =
            {
                new NpgsqlParameter { Value = request.AccountId },
                new NpgsqlParameter { Value = _windows.CoreFeatures.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter { Value = windowStart },
            },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            select min(first_at) from usage.daily_features
            where account_id = $1 and day = (select min(day) from usage.daily_features where account_id = $1)
            """)
        {
            Parameters = { new NpgsqlParameter { Value = request.AccountId } },
        });

        var used = new Dictionary<string, (DateTimeOffset First, DateTimeOffset Last, long InWindow)>(StringComparer.Ordinal);
        DateTimeOffset? firstSeen = null;
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                used[reader.GetString(0)] = (reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt64(3));
            }

            await reader.NextResultAsync(ct);
            if (await reader.ReadAsync(ct) && !reader.IsDBNull(0))
            {
                firstSeen = reader.GetFieldValue<DateTimeOffset>(0);
            }
        }

        var response = new GetFeatureAdoptionResponse
        {
            AccountId = request.AccountId,
            AsOfDay = UtcDay.ToText(today),
            WindowDays = _windows.MauDays,
            CoreFeaturesConfigured = _windows.CoreFeatures.Count,
            FirstSeenAt = firstSeen is { } seen ? Timestamp.FromDateTimeOffset(seen) : null,
        };
        foreach (var feature in _windows.CoreFeatures)
        {
            var adoption = new CoreFeatureAdoption { Feature = feature };
            if (used.TryGetValue(feature, out var use))
            {
                adoption.UsedInWindow = use.InWindow > 0;
                adoption.EventsInWindow = use.InWindow;
                adoption.FirstUsedAt = Timestamp.FromDateTimeOffset(use.First);
                adoption.LastUsedAt = Timestamp.FromDateTimeOffset(use.Last);
                if (firstSeen is { } start)
                {
                    adoption.TimeToFirstUse = Duration.FromTimeSpan(use.First - start);
                }
            }

            response.Features.Add(adoption);
        }

        response.CoreFeaturesUsed = response.Features.Count(f => f.UsedInWindow);
        response.Adoption = response.CoreFeaturesConfigured == 0 ? 0 : (double)response.CoreFeaturesUsed / response.CoreFeaturesConfigured;
        return response;
    }
}
