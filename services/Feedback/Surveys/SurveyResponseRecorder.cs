using CustomerHealth.Contracts.Feedback;
using CustomerHealth.Feedback.Sentiment;
using CustomerHealth.Feedback.V1;
using CustomerHealth.ServiceDefaults.Outbox;
using CustomerHealth.ServiceDefaults.Resilience;
using JasperFx;
using Marten;

namespace CustomerHealth.Feedback.Surveys;

/// <summary>
/// Records survey responses once. Per batch, in one PostgreSQL transaction: the response documents
/// (keyed by event id, so a redelivery finds its first copy) and a SurveyAnsweredV1 outbox row for
/// each new one.
/// </summary>
public sealed class SurveyResponseRecorder(IDocumentStore store, CommentSentiment sentiment, TimeProvider clock)
{
    public async Task<IReadOnlyList<(RecordOutcome Outcome, double? Sentiment)>> RecordAsync(IReadOnlyList<SubmitSurveyResponseRequest> requests, CancellationToken ct)
    {
        // A retry only happens when a concurrent request inserted one of the ids first.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await TryRecordAsync(requests, ct);
            }
            catch (DocumentAlreadyExistsException) when (attempt < 2)
            {
            }
        }
    }

    private async Task<IReadOnlyList<(RecordOutcome, double?)>> TryRecordAsync(IReadOnlyList<SubmitSurveyResponseRequest> requests, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var known = (await session.LoadManyAsync<SurveyResponse>(ct, requests.Select(r => r.EventId).Distinct()))
            .ToDictionary(r => r.Id, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var results = new (RecordOutcome, double?)[requests.Count];
        var inserted = 0;
        for (var i = 0; i < requests.Count; i++)
        {
            var r = requests[i];
            var occurredAt = r.OccurredAt.ToDateTimeOffset();
            var fingerprint = Fingerprint.Of(r.EventId, r.AccountId, r.Kind, r.Score, r.RespondentId, r.Comment, occurredAt, r.Source);
            if (known.TryGetValue(r.EventId, out var existing))
            {
                results[i] = (new RecordOutcome(existing.Fingerprint == fingerprint ? RecordStatus.Duplicate : RecordStatus.Conflict, existing.RecordedAt), existing.CommentSentiment);
                continue;
            }

            double? score = string.IsNullOrWhiteSpace(r.Comment) ? null : sentiment.Score(r.Comment);
            var response = new SurveyResponse(r.EventId, r.AccountId, r.Kind, r.Score, r.RespondentId, r.Comment, score, occurredAt, r.Source, fingerprint, now);
            known[r.EventId] = response;
            session.Insert(response);
            session.PublishOnCommit(
                new SurveyAnsweredV1(r.EventId, r.AccountId, r.Kind, r.Score, r.RespondentId, score, occurredAt),
                DeterministicGuid.From($"feedback/survey/{r.EventId}"));
            results[i] = (new RecordOutcome(RecordStatus.Recorded, now), score);
            inserted++;
        }

        if (inserted > 0)
        {
            await session.SaveChangesAsync(ct);
        }

        return results;
    }
}
