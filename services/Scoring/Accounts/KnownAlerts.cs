using CustomerHealth.Scoring.Alerts;
using Marten;

namespace CustomerHealth.Scoring.Accounts;

/// <summary>
/// The alert documents a batch will touch, read in one query for the whole batch: every open span
/// of its accounts and every alert a CSM acted on. Anything else (a span that cleared earlier and
/// late data reopens) is read when asked for.
/// </summary>
public sealed class KnownAlerts
{
    private readonly Dictionary<string, ChurnRiskAlert> _docs;
    private readonly HashSet<string> _read;

    private KnownAlerts(IEnumerable<ChurnRiskAlert> docs, IEnumerable<string> read)
    {
        _docs = docs.ToDictionary(d => d.Id, StringComparer.Ordinal);
        _read = [.. read];
    }

    public static async Task<KnownAlerts> LoadAsync(IQuerySession session, IEnumerable<ScoredAccount> accounts, IEnumerable<AccountChange> changes, CancellationToken ct)
    {
        var ids = accounts.SelectMany(a => a.AlertIntervals).Where(i => i.ClearedAt is null).Select(i => i.AlertId)
            .Concat(changes.OfType<AlertActedOn>().Select(a => AccountScoring.AlertIdOf(a.Action)))
            .Distinct(StringComparer.Ordinal).ToArray();
        return new KnownAlerts(ids.Length == 0 ? [] : await session.LoadManyAsync<ChurnRiskAlert>(ct, ids), ids);
    }

    /// <summary>The documents among <paramref name="ids"/> that exist, as a fresh dictionary the caller may change.</summary>
    public async Task<Dictionary<string, ChurnRiskAlert>> GetAsync(IQuerySession session, IEnumerable<string> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        var unread = wanted.Where(id => !_read.Contains(id)).ToArray();
        if (unread.Length > 0)
        {
            foreach (var doc in await session.LoadManyAsync<ChurnRiskAlert>(ct, unread))
            {
                _docs[doc.Id] = doc;
            }

            _read.UnionWith(unread);
        }

        return wanted.Where(_docs.ContainsKey).ToDictionary(id => id, id => _docs[id], StringComparer.Ordinal);
    }
}
