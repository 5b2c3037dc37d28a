using CustomerHealth.ServiceDefaults.Validation;

namespace CustomerHealth.Billing.RecordingRevenue;

/// <summary>Applies field rules under a path prefix, so a batch names "events[3].kind" rather than "kind".</summary>
internal sealed class PrefixedViolations(FieldViolations target, string prefix)
{
    public void Add(string field, string description) => target.Add(prefix + field, description);

    /// <summary>Runs a shared rule on a scratch collector and copies what it found under the prefix.</summary>
    public void Check(Func<FieldViolations, FieldViolations> rule)
    {
        if (prefix.Length == 0)
        {
            rule(target);
            return;
        }

        foreach (var violation in rule(new FieldViolations()).Items)
        {
            target.Add(prefix + violation.Field, violation.Description);
        }
    }
}
