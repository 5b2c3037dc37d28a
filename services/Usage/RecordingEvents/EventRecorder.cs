using System.Diagnostics;
using CustomerHealth.ServiceDefaults.Grpc;
using CustomerHealth.ServiceDefaults.Validation;
using CustomerHealth.Usage.V1;
using Google.Protobuf.Collections;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace CustomerHealth.Usage.RecordingEvents;

/// <summary>
/// Validates events one by one (a bad event never fails the others), writes the valid ones in chunks
/// and answers a summary once every chunk is committed. A stream keeps reading while its previous
/// chunk is written, with at most one chunk in flight, so a slow database pushes back on the sender.
/// </summary>
public sealed class EventRecorder(EventWriter writer, IOptions<UsageOptions> options, TimeProvider clock)
{
    private readonly UsageOptions _options = options.Value;
    private readonly UsageEventValidation _validation = new(options.Value.RetentionDays);

    public async Task<RecordSummary> RecordBatchAsync(RepeatedField<UsageEvent> events, CancellationToken ct)
    {
        if (events.Count > _options.MaxBatchEvents)
        {
            throw RequestTooLarge.Exception("events", _options.MaxBatchEvents, events.Count);
        }

        if (events.Count == 0)
        {
            new FieldViolations().Add("events", "must contain at least one event.").ThrowIfAny();
        }

        var summary = new RecordSummaryBuilder();
        var chunk = new List<ValidUsageEvent>(Math.Min(events.Count, _options.WriteChunkEvents));
        var now = clock.GetUtcNow();
        for (var i = 0; i < events.Count; i++)
        {
            Accept(events[i], i, now, chunk, summary);
            if (chunk.Count == _options.WriteChunkEvents)
            {
                summary.Written(chunk.Count, await writer.WriteAsync(chunk, ct));
                chunk.Clear();
            }
        }

        summary.Written(chunk.Count, await writer.WriteAsync(chunk, ct));
        return summary.Build();
    }

    public async Task<RecordSummary> RecordStreamAsync(IAsyncStreamReader<RecordEventsRequest> stream, CancellationToken ct)
    {
        var summary = new RecordSummaryBuilder();
        var chunk = new List<ValidUsageEvent>(_options.WriteChunkEvents);
        var chunkStarted = 0L;
        Task<int>? inFlight = null;
        var inFlightCount = 0;
        long index = 0;

        async Task FlushAsync()
        {
            if (inFlight is not null)
            {
                summary.Written(inFlightCount, await inFlight);
            }

            inFlightCount = chunk.Count;
            inFlight = writer.WriteAsync(chunk, ct);
            chunk = new List<ValidUsageEvent>(_options.WriteChunkEvents);
        }

        try
        {
            while (await stream.MoveNext(ct))
            {
                var events = stream.Current.Events;
                if (events.Count > _options.MaxEventsPerStreamMessage)
                {
                    throw RequestTooLarge.Exception("events per stream message", _options.MaxEventsPerStreamMessage, events.Count);
                }

                var now = clock.GetUtcNow();
                foreach (var e in events)
                {
                    if (chunk.Count == 0)
                    {
                        chunkStarted = Stopwatch.GetTimestamp();
                    }

                    Accept(e, index++, now, chunk, summary);
                    if (chunk.Count == _options.WriteChunkEvents)
                    {
                        await FlushAsync();
                    }
                }

                // A slow trickle still becomes visible (and publishable) promptly.
                if (chunk.Count > 0 && Stopwatch.GetElapsedTime(chunkStarted) >= _options.StreamFlushInterval)
                {
                    await FlushAsync();
                }
            }

            if (chunk.Count > 0)
            {
                await FlushAsync();
            }

            if (inFlight is not null)
            {
                summary.Written(inFlightCount, await inFlight);
                inFlight = null;
            }

            return summary.Build();
        }
        finally
        {
            // On failure, still observe the write in flight so its exception is not left unobserved.
            if (inFlight is not null)
            {
                await inFlight.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private void Accept(UsageEvent e, long index, DateTimeOffset now, List<ValidUsageEvent> chunk, RecordSummaryBuilder summary)
    {
        if (_validation.Validate(e, now) is { } violations)
        {
            summary.Reject(index, e.EventId, violations);
        }
        else
        {
            chunk.Add(UsageEventValidation.ToValid(e));
        }
    }
}
