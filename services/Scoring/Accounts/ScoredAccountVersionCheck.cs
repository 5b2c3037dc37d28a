using Marten;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;

namespace CustomerHealth.Scoring.Accounts;

/// <summary>
/// Asserts, inside a transaction, that an account's aggregate is still the version that was read,
/// without rewriting it. Rescoring leaves the facts alone and usually derives the same alert spans,
/// so the aggregate need not be written; but the health it writes was computed from those facts,
/// and another instance may have changed them meanwhile. A changed version fails the transaction
/// as a serialization failure (40001), which every caller already retries.
/// </summary>
public static class ScoredAccountVersionCheck
{
    public const string FunctionName = "ch_assert_scored_account_version";

    public static Function Define(string schema) => new(
        new PostgresqlObjectName(schema, FunctionName, SchemaUtils.IdentifierUsage.General),
        $"""
         create or replace function {schema}.{FunctionName}(p_id varchar, p_version uuid) returns void as $$
         begin
           if not exists (select 1 from {schema}.mt_doc_scoredaccount where id = p_id and mt_version = p_version) then
             raise exception 'account % changed while it was being scored', p_id using errcode = '40001';
           end if;
         end;
         $$ language plpgsql;
         """);

    /// <summary>Queues the check against the version this session read <paramref name="read"/> at.</summary>
    public static void Queue(IDocumentSession session, string schema, ScoredAccount read) =>
        session.QueueSqlCommand(
            $"select {schema}.{FunctionName}(?, ?)",
            read.Id,
            session.VersionFor(read) ?? throw new InvalidOperationException($"Account {read.Id} was not read by this session."));
}
