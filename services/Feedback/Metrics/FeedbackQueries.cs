using CustomerHealth.Feedback.Surveys;
using Marten;
using Npgsql;

namespace CustomerHealth.Feedback.Metrics;

/// <summary>
/// Aggregates survey responses and tickets in PostgreSQL (indexed duplicated columns), so the
/// portfolio figures do not load every response into memory.
/// </summary>
public sealed class FeedbackQueries(NpgsqlDataSource dataSource, IDocumentStore store)
{
    private const string Responses = "feedback.mt_doc_surveyresponse";
    private const string Tickets = "feedback.mt_doc_supportticket";
    private const string Versions = "feedback.mt_doc_supportticketversion";

    public async Task<bool> IsKnownAsync(string accountId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"select exists(select 1 from {Responses} where account_id = $1) or exists(select 1 from {Tickets} where account_id = $1)");
        command.Parameters.AddWithValue(accountId);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <param name="accountId">Null for the whole portfolio.</param>
    public async Task<FeedbackFigures> FiguresAsync(string? accountId, DateTimeOffset start, DateTimeOffset asOf, CancellationToken ct)
    {
        var account = accountId is null ? "" : " and account_id = @account";
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(
            $"""
            select count(*) filter (where kind = 'nps' and score >= 9),
                   count(*) filter (where kind = 'nps' and score between 7 and 8),
                   count(*) filter (where kind = 'nps' and score <= 6),
                   count(*) filter (where kind = 'csat'),
                   count(*) filter (where kind = 'csat' and score >= 4),
                   count(*) filter (where kind = 'ces'),
                   avg(score) filter (where kind = 'ces')::float8,
                   count(comment_sentiment),
                   avg(comment_sentiment)::float8
            from {Responses} where occurred_at > @start and occurred_at <= @asOf{account}
            """, accountId, start, asOf));
        var tickets = TicketsAsOf(accountId);
        batch.BatchCommands.Add(Command(
            $"{tickets} select priority, count(*) from tickets where status in ('open', 'pending') group by priority",
            accountId, start, asOf));
        batch.BatchCommands.Add(Command(
            $"""
            {tickets}
            select count(*),
                   (percentile_cont(0.5) within group (order by extract(epoch from first_response_at - opened_at)))::float8
            from tickets where opened_at > @start
            """, accountId, start, asOf));
        batch.BatchCommands.Add(Command(
            $"""
            {tickets}
            select count(*) from (
              select account_id from {Responses} where occurred_at > @start and occurred_at <= @asOf{account}
              union select account_id from tickets where opened_at > @start) accounts
            """, accountId, start, asOf));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        int Int(int i) => (int)reader.GetInt64(i);
        double? Double(int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
        var (promoters, passives, detractors, csat, satisfied, ces, cesMean, comments, sentiment) =
            (Int(0), Int(1), Int(2), Int(3), Int(4), Int(5), Double(6), Int(7), Double(8));
        await reader.NextResultAsync(ct);
        var open = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            open[reader.GetString(0)] = Int(1);
        }

        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var (opened, median) = (Int(0), Double(1));
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var accounts = Int(0);
        return new FeedbackFigures(promoters, passives, detractors, csat, satisfied, ces, cesMean, comments, sentiment, open, opened, median, accounts);
    }

    /// <summary>The latest responses in the window, newest first: the drill-down behind the numbers.</summary>
    public async Task<IReadOnlyList<SurveyResponse>> RecentAsync(string accountId, DateTimeOffset start, DateTimeOffset asOf, int count, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.Query<SurveyResponse>()
            .Where(r => r.AccountId == accountId && r.OccurredAt > start && r.OccurredAt <= asOf)
            .OrderByDescending(r => r.OccurredAt)
            .Take(count)
            .ToListAsync(ct);
    }

    /// <summary>
    /// A "tickets" CTE: every ticket opened by @asOf as it stood at @asOf. That is the version current
    /// then (latest occurred_at at or before @asOf; the larger event id breaks a tie, as in
    /// SupportTicketVersionRecorded.Supersedes). A ticket whose first reported version came later
    /// was open then (or solved, if that version says it was solved by @asOf). A first response after
    /// @asOf had not happened yet. The account is the one the ticket had at @asOf.
    /// </summary>
    private static string TicketsAsOf(string? accountId)
    {
        var scope = accountId is null ? "" : $" and ticket_id in (select ticket_id from {Versions} where account_id = @account)";
        var account = accountId is null ? "" : " where account_id = @account";
        return $"""
            with tickets as (
              select * from (
                select distinct on (ticket_id) ticket_id, account_id, priority, opened_at,
                       case when occurred_at <= @asOf then status
                            when solved_at <= @asOf then 'solved'
                            else 'open' end as status,
                       case when first_response_at <= @asOf then first_response_at end as first_response_at
                from {Versions}
                where opened_at <= @asOf{scope}
                order by ticket_id, occurred_at <= @asOf desc,
                         case when occurred_at <= @asOf then occurred_at end desc nulls last,
                         occurred_at, id collate "C" desc) current{account})
            """;
    }

    private static NpgsqlBatchCommand Command(string sql, string? accountId, DateTimeOffset start, DateTimeOffset asOf)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("start", start);
        command.Parameters.AddWithValue("asOf", asOf);
        if (accountId is not null)
        {
            command.Parameters.AddWithValue("account", accountId);
        }

        return command;
    }
}
