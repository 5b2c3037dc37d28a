using CustomerHealth.Billing.RecordingRevenue;
using CustomerHealth.ServiceDefaults;
using CustomerHealth.ServiceDefaults.Messaging;
using CustomerHealth.ServiceDefaults.Persistence;
using Dapr;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("billing");
builder.AddGrpcDefaults();
builder.AddCustomerHealthBus("billing");
builder.AddCustomerHealthMarten("billing", BillingStore.Configure);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddScoped<RevenueEventRecorder>();
builder.Services.AddDaprClient();

var app = builder.Build();
app.UseRestErrorHandling();
// Dapr delivers CloudEvents; their id and source come through as Cloudevent.* headers.
app.UseCloudEvents(new CloudEventsMiddlewareOptions { ForwardCloudEventPropertiesAsHeaders = true });
app.MapGrpcService<BillingGrpcService>();
app.MapSubscribeHandler();
app.MapRevenueEventsSubscription();
app.MapDefaultEndpoints();
app.Run();

/// <summary>Entry point, public for WebApplicationFactory in tests.</summary>
public partial class Program;
