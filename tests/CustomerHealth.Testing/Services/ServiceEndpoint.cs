namespace CustomerHealth.Testing;

/// <summary>Where one service (or the gateway) listens: REST/health on HTTP/1.1, gRPC on a separate h2c port.</summary>
public sealed record ServiceEndpoint(string Name, string ProjectName, int HttpPort, int GrpcPort, string ReadinessPath)
{
    public Uri HttpUrl => new($"http://127.0.0.1:{HttpPort}/");

    public Uri GrpcUrl => new($"http://127.0.0.1:{GrpcPort}/");

    public Uri ReadinessUrl => new(HttpUrl, ReadinessPath.TrimStart('/'));
}
