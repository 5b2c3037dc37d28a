using CustomerHealth.Scoring;
using CustomerHealth.Scoring.Accounts;
using CustomerHealth.Scoring.Alerts;
using CustomerHealth.Scoring.Api;
using CustomerHealth.Scoring.Explaining;
using CustomerHealth.Scoring.Portfolio;
using CustomerHealth.Scoring.Scorecards;
using CustomerHealth.Scoring.Signals;
using CustomerHealth.ServiceDefaults;
using CustomerHealth.ServiceDefaults.Messaging;
using CustomerHealth.ServiceDefaults.Persistence;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("scoring");
builder.AddGrpcDefaults();
builder.AddCustomerHealthBus(
    "scoring",
    bus => bus.AddSignalConsumers());
// HotCold: one node runs the async projections, the others stand by and take over within ~1 s of a crash.
builder.AddCustomerHealthMarten("scoring", ScoringStore.Configure).AddAsyncDaemon(DaemonMode.HotCold);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddOptions<ChurnRiskRuleSettings>().BindConfiguration("Scoring:Alerts");
builder.Services.AddSingleton<ScorecardBook>();
builder.Services.AddSingleton<ScorecardPublishing>();
builder.Services.AddSingleton<AccountLocks>();
builder.Services.AddSingleton(sp => WrittenAccounts.For(
    sp.GetRequiredService<Marten.IDocumentStore>(), builder.Configuration.GetValue(WrittenAccounts.CapacitySetting, WrittenAccounts.DefaultCapacity)));
builder.Services.AddSingleton<AccountScoring>();
builder.Services.AddOptions<SignalIntakeSettings>().BindConfiguration("Scoring:Intake");
builder.Services.AddSingleton(sp => new SignalIntake(
    async (changes, ct) => await sp.GetRequiredService<AccountScoring>().ApplyAsync(changes, ct),
    sp.GetRequiredService<IOptions<SignalIntakeSettings>>(),
    sp.GetRequiredService<ILogger<SignalIntake>>()));
builder.Services.AddScoped<PortfolioQueries>();
builder.Services.AddSingleton<AlertFeed>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<AlertFeed>());
builder.Services.AddHostedService<RescoringWorker>();
builder.Services.AddHostedService<MidnightRescoring>();
builder.Services.AddHostedService<PortfolioTotalsRepair>();
builder.AddSourceDetailClients();
builder.Services.AddScoped<SourceDetails>();

var app = builder.Build();
app.UseErrorResponses();
app.MapGrpcService<ScoringGrpcService>();
app.MapDefaultEndpoints();
app.Run();

/// <summary>Entry point, public for WebApplicationFactory in tests.</summary>
public partial class Program;
