using CustomerHealth.Scoring;
using CustomerHealth.Scoring.Accounts;
using CustomerHealth.Scoring.Alerts;
using CustomerHealth.Scoring.Scorecards;
using CustomerHealth.ServiceDefaults.Persistence;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CustomerHealth.ScoringBench;

/// <summary>
/// Scoring's document store and write path in this process, configured exactly as the service
/// configures them (same registration, same schema). The host is built but never started: no daemon,
/// no outbox dispatcher here; the service process does that work.
/// </summary>
public sealed class InProcessScoring : IDisposable
{
    private readonly IHost _host;

    public InProcessScoring(string database)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = database });
        builder.AddCustomerHealthMarten("scoring", ScoringStore.Configure);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<ChurnRiskRuleSettings>();
        builder.Services.AddSingleton<ScorecardBook>();
        _host = builder.Build();
        _written = WrittenAccounts.For(Store);
    }

    private readonly WrittenDocumentCache<ScoredAccount> _written;

    public IDocumentStore Store => _host.Services.GetRequiredService<IDocumentStore>();

    public Npgsql.NpgsqlDataSource DataSource => _host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();

    public ScorecardBook Scorecards => _host.Services.GetRequiredService<ScorecardBook>();

    public ChurnRiskRuleSettings Rules => _host.Services.GetRequiredService<IOptions<ChurnRiskRuleSettings>>().Value;

    /// <summary>
    /// A write path with its own lock stripes: parallel writers of disjoint accounts never queue behind
    /// each other. They share the written-aggregate cache, as one service's writers do.
    /// </summary>
    public AccountScoring NewWriter() =>
        new(Store, Scorecards, _host.Services.GetRequiredService<IOptions<ChurnRiskRuleSettings>>(), new AccountLocks(), _written, TimeProvider.System);

    public void Dispose() => _host.Dispose();
}
