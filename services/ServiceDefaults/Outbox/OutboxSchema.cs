namespace CustomerHealth.ServiceDefaults.Outbox;

/// <summary>The PostgreSQL schema that holds this service's outbox.</summary>
internal sealed record OutboxSchema(string Name);
