using CustomerHealth.Feedback.Surveys;
using CustomerHealth.Feedback.Tickets;
using JasperFx.Events.Projections;
using Marten;

namespace CustomerHealth.Feedback;

/// <summary>
/// Feedback's Marten schema: survey responses as documents (one row each, indexed on the columns the
/// metrics filter and aggregate), and tickets event-sourced per ticket with the latest version projected inline and every
/// version kept as a row, so ticket metrics can be asked about any moment.
/// </summary>
public static class FeedbackStore
{
    public static void Configure(StoreOptions opts)
    {
        opts.Schema.For<SurveyResponse>()
            .Duplicate(x => x.AccountId)
            .Duplicate(x => x.OccurredAt)
            .Duplicate(x => x.Kind, configure: i => i.IsConcurrent = false)
            .Duplicate(x => x.Score, configure: i => i.IsConcurrent = false)
            .Duplicate(x => x.CommentSentiment!);
        opts.Schema.For<SupportTicket>()
            .Duplicate(x => x.AccountId)
            .Duplicate(x => x.Status)
            .Duplicate(x => x.Priority)
            .Duplicate(x => x.OpenedAt)
            .Duplicate(x => x.FirstResponseAt!);
        opts.Schema.For<SupportTicketVersion>()
            .Duplicate(x => x.TicketId)
            .Duplicate(x => x.AccountId)
            .Duplicate(x => x.Status, configure: i => i.IsConcurrent = false)
            .Duplicate(x => x.Priority, configure: i => i.IsConcurrent = false)
            .Duplicate(x => x.OpenedAt)
            .Duplicate(x => x.FirstResponseAt!, configure: i => i.IsConcurrent = false)
            .Duplicate(x => x.SolvedAt!, configure: i => i.IsConcurrent = false)
            .Duplicate(x => x.OccurredAt, configure: i => i.IsConcurrent = false);
        opts.Schema.For<RecordedTicketVersion>();
        opts.Events.AddEventType<SupportTicketVersionRecorded>();
        opts.Projections.Add<SupportTicketProjection>(ProjectionLifecycle.Inline);
    }
}
