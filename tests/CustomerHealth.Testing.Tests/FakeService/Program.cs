// A stand-in service for ServiceProcess tests: listens where Kestrel__Endpoints__* say, answers /healthz/ready,
// echoes environment variables, and says when it starts, is asked to stop, or fails on purpose.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

Console.WriteLine("fake service starting");
if (Environment.GetEnvironmentVariable("FAKE_SERVICE_FAIL") == "1")
{
    Console.Error.WriteLine("fake service failing on purpose");
    return 3;
}

app.MapGet("/healthz/ready", () => "ready");
app.MapGet("/env/{name}", (string name) => Environment.GetEnvironmentVariable(name) ?? "");
app.Lifetime.ApplicationStopping.Register(() => Console.WriteLine("fake service stopping"));

await app.RunAsync();
return 0;
