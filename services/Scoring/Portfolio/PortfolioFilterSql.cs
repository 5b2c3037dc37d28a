using CustomerHealth.Scoring.V1;

namespace CustomerHealth.Scoring.Portfolio;

/// <summary>
/// A portfolio filter as a SQL condition on AccountHealth's duplicated (indexed) columns, with
/// positional parameters for Marten (?) and for Npgsql ($n) built from the same list.
/// </summary>
public sealed class PortfolioFilterSql
{
    private readonly List<string> _conditions = [];

    public List<object> Parameters { get; } = [];

    public static PortfolioFilterSql For(PortfolioFilter? filter, DateOnly today)
    {
        var sql = new PortfolioFilterSql();
        if (filter is null)
        {
            return sql;
        }

        if (filter.OwnerCsm.Length > 0)
        {
            sql.Add("owner_csm = ?", filter.OwnerCsm);
        }

        if (filter.Segment.Length > 0)
        {
            sql.Add("segment = ?", filter.Segment.ToLowerInvariant());
        }

        if (filter.Bands.Count > 0)
        {
            sql.AddIn("effective_band", filter.Bands);
        }

        if (filter.RenewalWithinDays > 0)
        {
            sql.Add("renewal_day between ? and ?", today.DayNumber, today.DayNumber + filter.RenewalWithinDays);
        }

        if (filter.HasOpenAlert)
        {
            sql.Add("has_open_alert = ?", true);
        }

        return sql;
    }

    public PortfolioFilterSql Add(string condition, params object[] parameters)
    {
        _conditions.Add(condition);
        Parameters.AddRange(parameters);
        return this;
    }

    /// <summary>column in (?, ?, ...): one parameter per value.</summary>
    public PortfolioFilterSql AddIn(string column, IReadOnlyCollection<string> values) =>
        Add($"{column} in ({string.Join(", ", values.Select(_ => "?"))})", [.. values]);

    /// <summary>"where ..." with ? placeholders (Marten), or "" without conditions.</summary>
    public string Where => _conditions.Count == 0 ? "" : "where " + string.Join(" and ", _conditions);

    /// <summary>The same condition with $1..$n placeholders (Npgsql).</summary>
    public string WhereNumbered
    {
        get
        {
            var n = 0;
            return string.Concat(Where.Select(c => c == '?' ? $"${++n}" : c.ToString()));
        }
    }
}
