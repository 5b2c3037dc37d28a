using CustomerHealth.Feedback.V1;
using CustomerHealth.ServiceDefaults.Validation;

namespace CustomerHealth.Feedback.Surveys;

/// <summary>Field rules for a survey response; every problem is reported with its field path.</summary>
public static class SurveyResponseValidation
{
    public const int MaxCommentLength = 5_000;

    public static FieldViolations Validate(SubmitSurveyResponseRequest r, DateTimeOffset now, string prefix = "") => Validate(r, now, new FieldViolations(), prefix);

    public static FieldViolations Validate(SubmitSurveyResponseRequest r, DateTimeOffset now, FieldViolations violations, string prefix)
    {
        var v = new PrefixedViolations(violations, prefix);
        v.Check(f => f.RequireId("event_id", r.EventId));
        v.Check(f => f.RequireId("account_id", r.AccountId));
        v.Check(f => f.RequireId("respondent_id", r.RespondentId));
        v.Check(f => f.OptionalText("comment", r.Comment, MaxCommentLength));
        v.Check(f => f.RequirePastTimestamp("occurred_at", r.OccurredAt, now, PrefixedViolations.AllowedClockSkew));
        v.Check(f => f.RequireText("source", r.Source, 100));
        if (!SurveyKinds.Scales.TryGetValue(r.Kind, out var scale))
        {
            v.Add("kind", r.Kind.Length == 0 ? "is required: nps, csat or ces." : $"must be nps, csat or ces (got '{(r.Kind.Length > 20 ? r.Kind[..20] + "…" : r.Kind)}').");
        }
        else if (r.Score < scale.Min || r.Score > scale.Max)
        {
            v.Add("score", $"must be between {scale.Min} and {scale.Max} for {r.Kind} (got {r.Score}).");
        }

        return violations;
    }
}
