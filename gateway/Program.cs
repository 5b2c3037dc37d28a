using CustomerHealth.Gateway;
using CustomerHealth.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("gateway");
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
builder.Services.AddHttpClient(AggregateHealth.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(3));

var app = builder.Build();
app.UseProxyErrorsAsProblemDetails();
app.MapDefaultEndpoints();
app.MapGet("/healthz", AggregateHealth.HandleAsync);
app.MapReverseProxy();
app.Run();

/// <summary>Entry point, public for WebApplicationFactory in tests.</summary>
public partial class Program;
