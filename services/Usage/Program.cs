using CustomerHealth.Usage.Ingesting;
using CustomerHealth.ServiceDefaults;
using CustomerHealth.ServiceDefaults.Messaging;
using CustomerHealth.ServiceDefaults.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("usage");
builder.AddGrpcDefaults();
builder.AddCustomerHealthBus("usage");
builder.AddCustomerHealthMarten("usage", _ => { });

var app = builder.Build();
app.UseRestErrorHandling();
app.MapGrpcService<UsageGrpcService>();
app.MapDefaultEndpoints();
app.Run();

/// <summary>Entry point, public for WebApplicationFactory in tests.</summary>
public partial class Program;
