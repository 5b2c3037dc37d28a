using CustomerHealth.ServiceDefaults;
using CustomerHealth.ServiceDefaults.Messaging;
using CustomerHealth.ServiceDefaults.Persistence;
using CustomerHealth.Usage;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("usage");
builder.AddGrpcDefaults();
builder.AddCustomerHealthBus("usage");
// Marten only hosts the outbox here; usage's own tables are plain SQL (Storage/UsageSchema).
builder.AddCustomerHealthMarten("usage", _ => { });
builder.AddUsage();

var app = builder.Build();
app.UseErrorResponses();
app.MapGrpcService<UsageGrpcService>();
app.MapDefaultEndpoints();
app.Run();

/// <summary>Entry point, public for WebApplicationFactory in tests.</summary>
public partial class Program;
