using System.Text;
using CustomerHealth.Scoring.Accounts;
using CustomerHealth.Scoring.Alerts;
using CustomerHealth.Scoring.V1;
using AccountHealth = CustomerHealth.Scoring.Accounts.AccountHealth;
using ChurnRiskAlert = CustomerHealth.Scoring.Alerts.ChurnRiskAlert;
using Marten;
using Npgsql;

namespace CustomerHealth.Scoring.Portfolio;

/// <summary>Portfolio reads over the indexed columns of AccountHealth and ChurnRiskAlert.</summary>
public sealed class PortfolioQueries(IQuerySession session, NpgsqlDataSource dataSource, TimeProvider clock)
{
    public const string ArrAtRiskRule = "ARR of accounts whose effective band is red or that have an open churn-risk alert";

    private string HealthTable => $"{session.DocumentStore.Options.DatabaseSchemaName}.mt_doc_accounthealth";

    private string TotalsTable => $"{session.DocumentStore.Options.DatabaseSchemaName}.{PortfolioTotalsTable.Name}";

    private string RenewalsTable => $"{session.DocumentStore.Options.DatabaseSchemaName}.{PortfolioTotalsTable.RenewalsName}";

    /// <summary>
    /// A list item is the account's health without its measures: a page of 50 stays small to read,
    /// send and deserialise, and the measures with their explanation are one GetAccountHealth away.
    /// </summary>
    private const string ListItemJson = "jsonb_set(d.data, '{Measures}', '[]'::jsonb)";

    public sealed record Page<T>(IReadOnlyList<T> Items, string NextPageToken);

    public sealed record BandTotals(string Band, long Accounts, long ArrMinor);

    public async Task<Page<AccountHealth>> ListAtRiskAsync(PortfolioFilter? filter, AtRiskSort sort, int pageSize, string pageToken, CancellationToken ct)
    {
        var sql = PortfolioFilterSql.For(filter, Today);
        if (Cursor.TryRead(pageToken, out var value, out var lastId))
        {
            sql.Add($"({sort.Column}, id) {(sort.Descending ? "<" : ">")} (?, ?)", value, lastId);
        }

        var direction = sort.Descending ? "desc" : "asc";
        var parameters = sql.Parameters.Append(pageSize + 1).ToArray();
        // The page is cut first and only its rows are turned into list items: with the projection in
        // the same query level, PostgreSQL builds an item for every match before sorting (an owner's
        // renewal window sorted by score is hundreds of rows for a page of 50).
        var rows = await session.QueryAsync<AccountHealth>(
            $"select {ListItemJson} from (select d.data, d.{sort.Column}, d.id from {HealthTable} as d {sql.Where} "
            + $"order by {sort.Column} {direction}, id {direction} limit ?) as d order by d.{sort.Column} {direction}, d.id {direction}",
            ct,
            parameters);
        var items = rows.Take(pageSize).Select(h => h.AsSeenAt(clock.GetUtcNow())).ToList();
        var next = rows.Count > pageSize ? Cursor.Write(sort.Key(items[^1]), items[^1].Id) : "";
        return new Page<AccountHealth>(items, next);
    }

    /// <summary>
    /// Accounts and ARR per band for a filter, from the totals tables: by owner without a renewal
    /// window, by renewal day with one. An owner's renewal window is summed from the owner's renewal
    /// index (an index-only scan over that owner's renewing accounts).
    /// </summary>
    public async Task<IReadOnlyList<BandTotals>> TotalsByBandAsync(PortfolioFilter? filter, CancellationToken ct)
    {
        var where = PortfolioFilterSql.For(filter, Today);
        var sql = filter switch
        {
            { RenewalWithinDays: > 0, OwnerCsm.Length: > 0 } =>
                $"select effective_band, count(*), coalesce(sum(arr_minor), 0) from {HealthTable} {where.WhereNumbered} group by 1 order by 1",
            { RenewalWithinDays: > 0 } => Cells(RenewalsTable),
            _ => Cells(TotalsTable),
        };
        return [.. (await ReadAsync(sql, where.Parameters, r => new BandTotals(r.GetString(0), r.GetInt64(1), r.GetInt64(2)), ct))];

        string Cells(string table) =>
            $"select effective_band, sum(accounts)::bigint, sum(arr_minor)::bigint from {table} {where.WhereNumbered} group by 1 having sum(accounts) <> 0 order by 1";
    }

    public Task<List<(string Key, string Band, long Accounts, long ArrMinor)>> TotalsByAsync(string column, CancellationToken ct) =>
        ReadAsync(
            $"select {column}, effective_band, sum(accounts)::bigint, sum(arr_minor)::bigint from {TotalsTable} group by 1, 2 having sum(accounts) <> 0 order by 1, 2",
            [],
            r => (r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3)),
            ct);

    public async Task<(long Accounts, long ArrMinor)> ArrAtRiskAsync(CancellationToken ct) =>
        (await ReadAsync(
            $"select coalesce(sum(accounts), 0)::bigint, coalesce(sum(arr_minor), 0)::bigint from {TotalsTable} where effective_band = '{Scorecards.Band.Red}' or has_open_alert",
            [],
            r => (r.GetInt64(0), r.GetInt64(1)),
            ct)).Single();

    public async Task<IReadOnlyList<AccountHealth>> ChildrenAsync(string parentId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return [.. (await session.QueryAsync<AccountHealth>("where parent_account_id = ? order by id", ct, parentId)).Select(h => h.AsSeenAt(now))];
    }

    public async Task<Page<ChurnRiskAlert>> ListAlertsAsync(ListAlertsRequest request, int pageSize, CancellationToken ct)
    {
        var sql = new PortfolioFilterSql();
        var f = request.Filter;
        if (f is not null)
        {
            if (f.OwnerCsm.Length > 0)
            {
                sql.Add("owner_csm = ?", f.OwnerCsm);
            }

            if (f.Segment.Length > 0)
            {
                sql.Add("segment = ?", f.Segment.ToLowerInvariant());
            }

            if (f.Bands.Count > 0)
            {
                sql.AddIn("band", f.Bands);
            }

            if (f.RenewalWithinDays > 0)
            {
                sql.Add("(data ->> 'RenewalDate')::date between ?::date and ?::date", Today.ToString("yyyy-MM-dd"), Today.AddDays(f.RenewalWithinDays).ToString("yyyy-MM-dd"));
            }
        }

        if (request.AccountId.Length > 0)
        {
            sql.Add("account_id = ?", request.AccountId);
        }

        var statuses = request.Statuses.Count > 0 ? request.Statuses.ToArray() : [AlertStatus.Open, AlertStatus.Acknowledged, AlertStatus.Snoozed];
        var now = clock.GetUtcNow();
        sql.Add(StatusCondition(statuses), [.. StatusParameters(statuses, now)]);
        if (Cursor.TryRead(request.PageToken, out var raisedTicks, out var lastId))
        {
            sql.Add("(raised_at, id) < (?, ?)", new DateTimeOffset((long)raisedTicks, TimeSpan.Zero), lastId);
        }

        var rows = await session.QueryAsync<ChurnRiskAlert>($"{sql.Where} order by raised_at desc, id desc limit ?", ct, [.. sql.Parameters, pageSize + 1]);
        var items = rows.Take(pageSize).ToList();
        var next = rows.Count > pageSize ? Cursor.Write(items[^1].RaisedAt.UtcTicks, items[^1].Id) : "";
        return new Page<ChurnRiskAlert>(items, next);
    }

    /// <summary>A snooze past its end reads as open, so the stored status alone cannot decide open vs snoozed.</summary>
    private static string StatusCondition(string[] statuses)
    {
        var parts = new List<string>();
        foreach (var status in statuses.Distinct())
        {
            parts.Add(status switch
            {
                AlertStatus.Open => "(status = 'open' or (status = 'snoozed' and (data ->> 'SnoozedUntil')::timestamptz <= ?))",
                AlertStatus.Snoozed => "(status = 'snoozed' and (data ->> 'SnoozedUntil')::timestamptz > ?)",
                _ => "status = ?",
            });
        }

        return "(" + string.Join(" or ", parts) + ")";
    }

    private static IEnumerable<object> StatusParameters(string[] statuses, DateTimeOffset now) =>
        statuses.Distinct().Select(status => status is AlertStatus.Open or AlertStatus.Snoozed ? (object)now : status);

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private async Task<List<T>> ReadAsync<T>(string sql, IReadOnlyList<object> parameters, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>Opaque page tokens: the last row's sort value and id.</summary>
    private static class Cursor
    {
        public static string Write(double value, string id) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}\u001f{id}"));

        public static bool TryRead(string token, out double value, out string id)
        {
            value = 0;
            id = "";
            if (string.IsNullOrEmpty(token))
            {
                return false;
            }

            try
            {
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('\u001f', 2);
                id = parts[1];
                return double.TryParse(parts[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value);
            }
            catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException)
            {
                throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.InvalidArgument, "page_token is not a token this service issued."));
            }
        }
    }
}
