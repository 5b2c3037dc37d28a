using System.Globalization;
using JasperFx.Events;
using Marten;
using Marten.Internal;
using Npgsql;
using NpgsqlTypes;

namespace CustomerHealth.ServiceDefaults.Persistence;

/// <summary>
/// The documents this process last wrote, each with the version it was written at. A writer that
/// reads them back (every ingest reads the account's document before changing it) then asks
/// PostgreSQL only for the current versions: a document whose version still matches is taken from
/// memory, without sending, decompressing and deserialising its JSON again. One that another
/// instance, a rebuild or a repair wrote since has another version and is loaded as before, so the
/// cache never serves what the database no longer holds.
/// Documents are shared between transactions: only immutable documents may be kept here.
/// </summary>
public sealed class WrittenDocumentCache<TDoc> where TDoc : class
{
    private readonly Dictionary<string, (TDoc Document, string Version)> _entries = new(StringComparer.Ordinal);
    private readonly string _versionsSql;
    private readonly Func<TDoc, string> _idOf;
    private readonly int _capacity;
    private readonly bool _documentVersions;

    private WrittenDocumentCache(string versionsSql, Func<TDoc, string> idOf, int capacity, bool documentVersions)
    {
        _versionsSql = versionsSql;
        _idOf = idOf;
        _capacity = capacity;
        _documentVersions = documentVersions;
    }

    /// <summary>
    /// For documents with optimistic concurrency: the version is the row's <c>mt_version</c>, and a
    /// document served from memory has it registered with the session, so the check on write works as
    /// if the document had been loaded.
    /// </summary>
    /// <param name="table">The document table, schema-qualified (e.g. <c>scoring.mt_doc_scoredaccount</c>).</param>
    /// <param name="capacity">Documents kept at most; past it an arbitrary eighth is dropped (they are reloaded when needed).</param>
    public static WrittenDocumentCache<TDoc> ByDocumentVersion(string table, Func<TDoc, string> idOf, int capacity) =>
        new($"select id, mt_version::text from {table} where id = any(@ids)", idOf, capacity, documentVersions: true);

    /// <summary>
    /// For a document that is the fold of its stream and is written only together with an append to
    /// it: the version is the stream's. Marten keeps a projection target's own version numeric and
    /// unchecked, so it cannot say whether the row is still the one written here.
    /// </summary>
    public static WrittenDocumentCache<TDoc> ByStreamVersion(string eventSchema, Func<TDoc, string> idOf, int capacity) =>
        new($"select id, version::text from {eventSchema}.mt_streams where id = any(@ids)", idOf, capacity, documentVersions: false);

    /// <summary>Whether a version of the document is kept (it may be stale; reads check).</summary>
    public bool Holds(string id)
    {
        lock (_entries)
        {
            return _entries.ContainsKey(id);
        }
    }

    /// <summary>The stored documents of <paramref name="ids"/>, from memory where current; absent ids have no document.</summary>
    public async Task<Dictionary<string, TDoc>> LoadManyAsync(IDocumentSession session, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var found = new Dictionary<string, TDoc>(StringComparer.Ordinal);
        string[] held;
        lock (_entries)
        {
            held = [.. ids.Where(_entries.ContainsKey)];
        }

        if (held.Length > 0)
        {
            var current = new List<(string Id, string Version)>(held.Length);
            var command = new NpgsqlCommand(_versionsSql);
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = held });
            await using (var reader = await session.ExecuteReaderAsync(command, ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    current.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            lock (_entries)
            {
                foreach (var (id, version) in current)
                {
                    if (_entries.TryGetValue(id, out var entry) && entry.Version == version)
                    {
                        found[id] = entry.Document;
                    }
                }
            }

            if (_documentVersions)
            {
                var tracked = ((IMartenSession)session).Versions.ForType<TDoc, string>();
                foreach (var (id, version) in current.Where(c => found.ContainsKey(c.Id)))
                {
                    tracked[id] = Guid.Parse(version);
                }
            }
        }

        var missing = ids.Where(id => !found.ContainsKey(id)).ToArray();
        if (missing.Length > 0)
        {
            foreach (var document in await session.LoadManyAsync<TDoc>(ct, missing))
            {
                found[_idOf(document)] = document;
            }
        }

        return found;
    }

    /// <summary>
    /// Keeps documents with optimistic concurrency as <paramref name="session"/> last stored or loaded
    /// them. Call only after its changes committed.
    /// </summary>
    public void Remember(IDocumentSession session, IEnumerable<TDoc> documents)
    {
        EnsureMode(documentVersions: true);
        Keep(documents.Select(d => (d, session.VersionFor(d)?.ToString())));
    }

    /// <summary>Keeps stream folds at the stream version their append committed. Call only after it committed.</summary>
    public void Remember(IEnumerable<(TDoc Document, StreamAction Appended)> written)
    {
        EnsureMode(documentVersions: false);
        Keep(written.Select(w => (w.Document, (string?)w.Appended.Version.ToString(CultureInfo.InvariantCulture))));
    }

    private void EnsureMode(bool documentVersions)
    {
        if (documentVersions != _documentVersions)
        {
            throw new InvalidOperationException($"This cache of {typeof(TDoc).Name} is keyed by {(_documentVersions ? "document" : "stream")} versions.");
        }
    }

    /// <summary>Keeps documents at the versions (as PostgreSQL prints them) they were committed at; one without a version is dropped instead.</summary>
    private void Keep(IEnumerable<(TDoc Document, string? Version)> written)
    {
        lock (_entries)
        {
            foreach (var (document, version) in written)
            {
                var id = _idOf(document);
                if (version is null)
                {
                    _entries.Remove(id);
                }
                else
                {
                    _entries[id] = (document, version);
                }
            }

            if (_entries.Count > _capacity)
            {
                foreach (var id in _entries.Keys.Take(_entries.Count - _capacity + (_capacity / 8)).ToList())
                {
                    _entries.Remove(id);
                }
            }
        }
    }

    /// <summary>Drops documents whose stored state is unknown, e.g. after a transaction that failed.</summary>
    public void Forget(IEnumerable<string> ids)
    {
        lock (_entries)
        {
            foreach (var id in ids)
            {
                _entries.Remove(id);
            }
        }
    }
}
