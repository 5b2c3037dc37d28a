using CustomerHealth.ServiceDefaults.Health;
using CustomerHealth.ServiceDefaults.Outbox;
using JasperFx;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace CustomerHealth.ServiceDefaults.Persistence;

public static class MartenRegistration
{
    /// <summary>
    /// Marten in the service's own PostgreSQL schema (ConnectionStrings:Postgres), string stream keys,
    /// the transactional outbox and its dispatcher, and a PostgreSQL readiness check.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddCustomerHealthMarten(
        this IHostApplicationBuilder builder, string schema, Action<StoreOptions> configure)
    {
        var connectionString = WithConnectionChecks(builder.Configuration.GetRequiredConnectionString("Postgres"));
        var services = builder.Services;
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgresql", tags: [HealthRegistration.ReadyTag], timeout: TimeSpan.FromSeconds(3));

        var signal = new OutboxSignal();
        services.AddSingleton(signal);
        services.AddSingleton(new OutboxSchema(schema));
        services.AddOptions<OutboxOptions>().BindConfiguration("Outbox");
        services.AddHostedService<OutboxDispatcher>();

        var autoCreate = builder.Configuration.GetValue("Marten:AutoCreate", AutoCreate.CreateOrUpdate);
        return services.AddMarten(opts =>
            {
                opts.Connection(connectionString);
                opts.DatabaseSchemaName = schema;
                opts.Events.DatabaseSchemaName = schema;
                opts.Events.StreamIdentity = StreamIdentity.AsString;
                // Rich: appends go in the session's batch as plain statements. Quick mode's PL/pgSQL
                // function (five statements per stream) was billing's and scoring's top statement (docs/benchmarks.md).
                opts.Events.AppendMode = EventAppendMode.Rich;
                // Required with DistributedLock.Postgres 1.3.1 for the HotCold daemon (docs/build.md).
                opts.Events.UseAdvisoryLockTransaction = true;
                opts.AutoCreateSchemaObjects = autoCreate;
                opts.Storage.ExtendedSchemaObjects.Add(OutboxTable.Define(schema));
                opts.Listeners.Add(new OutboxCommitListener(signal));
                configure(opts);
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();
    }

    /// <summary>
    /// Has PostgreSQL notice dead clients within a second, so the advisory locks of a crashed
    /// daemon leader are released in ~1 s instead of ~47 s; and compresses the (multi-kilobyte)
    /// JSON documents with lz4 instead of pglz, which costs a fraction of the CPU to write and read.
    /// Statements a connection runs again and again (Marten's upserts and appends) are prepared once
    /// per connection instead of parsed and planned on every call, unless the string says otherwise.
    /// </summary>
    public static string WithConnectionChecks(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        foreach (var setting in new[] { "client_connection_check_interval=1000", "default_toast_compression=lz4" })
        {
            if (string.IsNullOrEmpty(builder.Options) || !builder.Options.Contains(setting[..setting.IndexOf('=')], StringComparison.Ordinal))
            {
                builder.Options = $"{builder.Options} -c {setting}".Trim();
            }
        }

        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }
}
