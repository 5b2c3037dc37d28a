using CustomerHealth.ServiceDefaults.Validation;
using CustomerHealth.Usage.V1;

namespace CustomerHealth.Usage.RecordingEvents;

/// <summary>Counts what happened to a batch or stream and keeps the first problems for the answer.</summary>
public sealed class RecordSummaryBuilder
{
    public const int MaxRejectionsReported = 100;
    private readonly RecordSummary _summary = new();

    public void Reject(long index, string eventId, FieldViolations violations)
    {
        _summary.Rejected++;
        foreach (var violation in violations.Items)
        {
            if (_summary.Rejections.Count == MaxRejectionsReported)
            {
                return;
            }

            _summary.Rejections.Add(new EventRejection
            {
                Index = index,
                EventId = eventId.Length <= 128 ? eventId : eventId[..128],
                Field = violation.Field,
                Reason = violation.Description,
            });
        }
    }

    /// <summary>A written chunk: of its valid events, <paramref name="inserted"/> were new.</summary>
    public void Written(int valid, int inserted)
    {
        _summary.Accepted += inserted;
        _summary.Duplicate += valid - inserted;
    }

    public RecordSummary Build() => _summary;
}
