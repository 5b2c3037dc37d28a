using CustomerHealth.Feedback.V1;
using CustomerHealth.ServiceDefaults.Validation;
using Google.Protobuf.WellKnownTypes;

namespace CustomerHealth.Feedback.Tickets;

/// <summary>Field rules for a ticket version; every problem is reported with its field path.</summary>
public static class SupportTicketValidation
{
    public static FieldViolations Validate(RecordSupportTicketRequest r, DateTimeOffset now)
    {
        var violations = new FieldViolations();
        var v = new PrefixedViolations(violations, "");
        v.Check(f => f.RequireId("event_id", r.EventId));
        v.Check(f => f.RequireId("ticket_id", r.TicketId));
        v.Check(f => f.RequireId("account_id", r.AccountId));
        v.Check(f => f.OptionalText("subject", r.Subject, 300));
        v.Check(f => f.RequireText("source", r.Source, 100));
        v.Check(f => f.RequirePastTimestamp("opened_at", r.OpenedAt, now, PrefixedViolations.AllowedClockSkew));
        v.Check(f => f.RequirePastTimestamp("occurred_at", r.OccurredAt, now, PrefixedViolations.AllowedClockSkew));
        if (!TicketValues.Statuses.Contains(r.Status))
        {
            v.Add("status", "must be open, pending, solved or closed.");
        }

        if (!TicketValues.Priorities.Contains(r.Priority))
        {
            v.Add("priority", "must be low, normal, high or urgent.");
        }

        if (r.OpenedAt is null)
        {
            return violations;
        }

        NotBeforeOpening(v, "first_response_at", r.FirstResponseAt, r.OpenedAt, now);
        NotBeforeOpening(v, "solved_at", r.SolvedAt, r.OpenedAt, now);
        NotBeforeOpening(v, "occurred_at", r.OccurredAt, r.OpenedAt, now);
        if (r.Status is "solved" or "closed" && r.SolvedAt is null)
        {
            v.Add("solved_at", $"is required for a {r.Status} ticket.");
        }

        return violations;
    }

    private static void NotBeforeOpening(PrefixedViolations v, string field, Timestamp? value, Timestamp openedAt, DateTimeOffset now)
    {
        if (value is null)
        {
            return;
        }

        if (value < openedAt)
        {
            v.Add(field, "must not be before opened_at.");
        }
        else if (value.ToDateTimeOffset() > now + PrefixedViolations.AllowedClockSkew)
        {
            v.Add(field, "must not be in the future.");
        }
    }
}
