using CustomerHealth.Scoring.Signals;

namespace CustomerHealth.Scoring.Accounts;

/// <summary>Something that changes an account's scoring: a signal, a directory update, an override, a CSM's action on an alert.</summary>
public abstract record AccountChange(string AccountId);

public sealed record SignalReceived(string AccountId, IAccountSignal Signal) : AccountChange(AccountId);

public sealed record DirectoryUpdated(string AccountId, AccountUpserted Entry) : AccountChange(AccountId);

public sealed record OverrideSet(string AccountId, ScoreOverridden Override) : AccountChange(AccountId);

public sealed record OverrideCleared(string AccountId, ScoreOverrideCleared Cleared) : AccountChange(AccountId);

public sealed record AlertActedOn(string AccountId, object Action) : AccountChange(AccountId);

/// <summary>No new fact: recompute from <paramref name="From"/> (a new scorecard version, or time passing midnight).</summary>
public sealed record RescoreRequested(string AccountId, DateTimeOffset From) : AccountChange(AccountId);
