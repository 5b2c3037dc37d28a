using System.Threading.Channels;
using Marten;

namespace CustomerHealth.Scoring.Scorecards;

/// <summary>Stores a new scorecard version, in force from now, and queues the rescoring of every account.</summary>
public sealed class ScorecardPublishing(IDocumentStore store, ScorecardBook book, TimeProvider clock)
{
    private readonly Channel<int> _queue = Channel.CreateUnbounded<int>();

    public ChannelReader<int> Queue => _queue.Reader;

    public async Task<(Scorecard Scorecard, RescoreProgressDocument Progress)> PublishAsync(ScorecardDraft draft, string author, CancellationToken ct)
    {
        var versions = await book.VersionsAsync(ct);
        await using var session = store.LightweightSession();
        var now = clock.GetUtcNow();
        if (!await session.Query<Scorecard>().AnyAsync(ct))
        {
            // Version 1 (the shipped default) becomes a stored document, so history can name it.
            session.Insert(versions[0]);
        }

        var scorecard = draft.ToScorecard(versions[^1].Version + 1, now, author, now);
        var total = await session.Query<Accounts.ScoredAccount>().CountAsync(ct);
        var progress = new RescoreProgressDocument(scorecard.Version, total, 0, now, null);
        // Insert fails if another publish took this version number first: the caller retries.
        session.Insert(scorecard);
        session.Insert(progress);
        await session.SaveChangesAsync(ct);
        book.Invalidate();
        await _queue.Writer.WriteAsync(scorecard.Version, ct);
        return (scorecard, progress);
    }

    public void Resume(int version) => _queue.Writer.TryWrite(version);
}
