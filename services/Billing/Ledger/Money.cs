namespace CustomerHealth.Billing.Ledger;

/// <summary>An amount in integer minor units of an ISO 4217 currency.</summary>
public sealed record Money(long Minor, string Currency)
{
    public static Money Zero(string currency) => new(0, currency);

    public bool IsZero => Minor == 0;
}
