using CustomerHealth.Usage.V1;

namespace CustomerHealth.Usage.Ingesting;

/// <summary>customerhealth.usage.v1.UsageService; its RPCs are added by the usage issue.</summary>
public sealed class UsageGrpcService : UsageService.UsageServiceBase;
