using System.Collections.Concurrent;

namespace CustomerHealth.Testing.Tests;

public sealed class ServiceProcessTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_started_service_is_ready_listens_where_told_and_runs_as_Development()
    {
        var endpoint = ServiceTopology.WithFreePorts().Service(ServiceTopology.Billing);
        var environment = ServiceTopology.ServiceEnvironment(endpoint, "Host=127.0.0.1", "amqp://localhost/");

        await using var service = await ServiceProcess.StartAsync("billing", FakeServiceDll.Path, environment, endpoint.ReadinessUrl, StartTimeout);

        using var http = new HttpClient { BaseAddress = endpoint.HttpUrl };
        Assert.True(service.IsRunning);
        Assert.Equal("Development", await http.GetStringAsync("env/ASPNETCORE_ENVIRONMENT"));
        Assert.Equal("Host=127.0.0.1", await http.GetStringAsync("env/ConnectionStrings__Postgres"));
        Assert.True(FreeTcpPort.IsOpen(endpoint.GrpcPort));
    }

    [Fact]
    public async Task Output_lines_are_kept_and_forwarded_with_the_service_name()
    {
        var endpoint = ServiceTopology.WithFreePorts().Service(ServiceTopology.Usage);
        var forwarded = new ConcurrentQueue<string>();

        var service = await ServiceProcess.StartAsync("usage", FakeServiceDll.Path, ServiceTopology.ServiceEnvironment(endpoint, "", ""),
            endpoint.ReadinessUrl, StartTimeout, forwarded.Enqueue);
        await service.StopAsync();

        Assert.Contains("fake service starting", service.RecentOutput);
        Assert.Contains("[usage] fake service starting", forwarded);
    }

    [Fact]
    public async Task Stopping_asks_the_service_to_shut_down_gracefully()
    {
        var endpoint = ServiceTopology.WithFreePorts().Service(ServiceTopology.Scoring);
        var service = await ServiceProcess.StartAsync("scoring", FakeServiceDll.Path, ServiceTopology.ServiceEnvironment(endpoint, "", ""),
            endpoint.ReadinessUrl, StartTimeout);

        await service.StopAsync();

        Assert.False(service.IsRunning);
        Assert.Contains("fake service stopping", service.RecentOutput);
        Assert.False(FreeTcpPort.IsOpen(endpoint.HttpPort));
    }

    [Fact]
    public async Task Killing_a_service_ends_it_without_a_graceful_shutdown()
    {
        var endpoint = ServiceTopology.WithFreePorts().Service(ServiceTopology.Feedback);
        await using var service = await ServiceProcess.StartAsync("feedback", FakeServiceDll.Path,
            ServiceTopology.ServiceEnvironment(endpoint, "", ""), endpoint.ReadinessUrl, StartTimeout);

        service.Kill();

        Assert.False(service.IsRunning);
        Assert.DoesNotContain("fake service stopping", service.RecentOutput);
    }

    [Fact]
    public async Task A_service_that_exits_during_start_fails_with_its_recent_output()
    {
        var endpoint = ServiceTopology.WithFreePorts().Service(ServiceTopology.Billing);
        var environment = ServiceTopology.ServiceEnvironment(endpoint, "", "");
        environment["FAKE_SERVICE_FAIL"] = "1";

        var error = await Assert.ThrowsAsync<ServiceStartException>(() =>
            ServiceProcess.StartAsync("billing", FakeServiceDll.Path, environment, endpoint.ReadinessUrl, StartTimeout));

        Assert.Equal("billing", error.ServiceName);
        Assert.Contains("exited with code 3", error.Message);
        Assert.Contains("fake service failing on purpose", error.Message);
    }

    [Fact]
    public async Task A_service_that_never_gets_ready_fails_after_the_timeout_with_its_recent_output()
    {
        var endpoint = ServiceTopology.WithFreePorts().Service(ServiceTopology.Billing);
        var neverReady = new Uri(endpoint.HttpUrl, "no-such-endpoint");

        var error = await Assert.ThrowsAsync<ServiceStartException>(() => ServiceProcess.StartAsync("billing", FakeServiceDll.Path,
            ServiceTopology.ServiceEnvironment(endpoint, "", ""), neverReady, TimeSpan.FromSeconds(3)));

        Assert.Contains("was not ready", error.Message);
        Assert.Contains("fake service starting", error.RecentOutput);
        Assert.False(FreeTcpPort.IsOpen(endpoint.HttpPort));
    }

    [Fact]
    public async Task Starting_a_dll_that_does_not_exist_says_which_file_is_missing()
    {
        var missing = Path.Combine(Path.GetTempPath(), "nowhere", "CustomerHealth.Billing.dll");

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => ServiceProcess.StartAsync("billing", missing,
            new Dictionary<string, string>(), new Uri("http://127.0.0.1:1/"), StartTimeout));

        Assert.Contains(missing, error.Message);
    }
}
