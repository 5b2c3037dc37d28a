using CustomerHealth.Billing.RecordingRevenue;
using CustomerHealth.Billing.Reporting;
using CustomerHealth.Billing.Signals;
using CustomerHealth.ServiceDefaults;
using CustomerHealth.ServiceDefaults.Messaging;
using CustomerHealth.ServiceDefaults.Persistence;
using Dapr;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("billing");
builder.AddGrpcDefaults();
builder.AddCustomerHealthBus("billing");
builder.AddCustomerHealthMarten("billing", BillingStore.Configure);
// After Marten's schema step (hosted services start in order, before the server listens).
builder.Services.AddHostedService<RecordedRevenueEventsUpgrade>();
builder.Services.AddOptions<BillingOptions>().BindConfiguration("Billing");
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ReportingCurrency>();
builder.Services.AddSingleton<RevenueQueries>();
builder.Services.AddSingleton(sp => WrittenLedgers.For(
    sp.GetRequiredService<Marten.IDocumentStore>(), builder.Configuration.GetValue(WrittenLedgers.CapacitySetting, WrittenLedgers.DefaultCapacity)));
builder.Services.AddSingleton<RevenueEventRecorder>();
builder.Services.AddSingleton<InvoluntaryChurnScan>();
builder.Services.AddHostedService<InvoluntaryChurnWatcher>();
builder.Services.AddDaprClient();

var app = builder.Build();
app.UseErrorResponses();
// Dapr delivers CloudEvents; their id and source come through as Cloudevent.* headers.
app.UseCloudEvents(new CloudEventsMiddlewareOptions { ForwardCloudEventPropertiesAsHeaders = true });
app.MapGrpcService<BillingGrpcService>();
app.MapSubscribeHandler();
app.MapRevenueEventsSubscription();
app.MapDefaultEndpoints();
app.Run();

/// <summary>Entry point, public for WebApplicationFactory in tests.</summary>
public partial class Program;
