using CustomerHealth.Feedback.Ingesting;
using CustomerHealth.ServiceDefaults;
using CustomerHealth.ServiceDefaults.Messaging;
using CustomerHealth.ServiceDefaults.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("feedback");
builder.AddGrpcDefaults();
builder.AddCustomerHealthBus("feedback");
builder.AddCustomerHealthMarten("feedback", _ => { });

var app = builder.Build();
app.UseRestErrorHandling();
app.MapGrpcService<FeedbackGrpcService>();
app.MapDefaultEndpoints();
app.Run();

/// <summary>Entry point, public for WebApplicationFactory in tests.</summary>
public partial class Program;
