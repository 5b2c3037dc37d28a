using CustomerHealth.ServiceDefaults.Validation;

namespace CustomerHealth.Feedback;

/// <summary>Applies field rules under a path prefix, so a batch names "responses[3].score" rather than "score".</summary>
internal sealed class PrefixedViolations(FieldViolations target, string prefix)
{
    /// <summary>Billing and survey tools' clocks drift; a little future is tolerated.</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    public void Add(string field, string description) => target.Add(prefix + field, description);

    public void Check(Func<FieldViolations, FieldViolations> rule)
    {
        foreach (var violation in rule(new FieldViolations()).Items)
        {
            target.Add(prefix + violation.Field, violation.Description);
        }
    }
}
