using CustomerHealth.Scoring;
using CustomerHealth.Scoring.ReadingHealth;
using CustomerHealth.Scoring.ReceivingSignals;
using CustomerHealth.ServiceDefaults;
using CustomerHealth.ServiceDefaults.Messaging;
using CustomerHealth.ServiceDefaults.Persistence;
using JasperFx.Events.Daemon;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("scoring");
builder.AddGrpcDefaults();
builder.AddCustomerHealthBus("scoring", bus => bus.AddConsumer<RevenueChangedConsumer>());
// HotCold: one node runs the projections, the others stand by and take over within ~1 s of a crash.
builder.AddCustomerHealthMarten("scoring", ScoringStore.Configure).AddAsyncDaemon(DaemonMode.HotCold);
builder.Services.AddSingleton(TimeProvider.System);

var app = builder.Build();
app.UseRestErrorHandling();
app.MapGrpcService<ScoringGrpcService>();
app.MapDefaultEndpoints();
app.Run();

/// <summary>Entry point, public for WebApplicationFactory in tests.</summary>
public partial class Program;
