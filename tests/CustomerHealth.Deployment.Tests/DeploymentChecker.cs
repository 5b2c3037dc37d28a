using System.Globalization;
using System.Text.Json.Nodes;

namespace CustomerHealth.Deployment.Tests;

/// <summary>
/// Compares what is on disk (web projects and their appsettings.json) with k8s/, tilt.json and the
/// Tiltfile. Every check returns human-readable problems; an empty list means the check passed.
/// </summary>
public sealed class DeploymentChecker
{
    public const string BaseDir = "k8s/base";

    public DeploymentChecker(string root)
    {
        Root = root;
        Projects = RepoLayout.DiscoverWebProjects(root);
        BaseDocs = Manifests.Load(root, BaseDir);
        AllDocs = Manifests.Load(root, "k8s");
        var tiltPath = Path.Combine(root, "tilt.json");
        Tilt = File.Exists(tiltPath) ? JsonNode.Parse(File.ReadAllText(tiltPath)) as JsonObject : null;
    }

    public string Root { get; }

    public IReadOnlyList<WebProject> Projects { get; }

    /// <summary>Documents in k8s/base: the manifests every overlay deploys.</summary>
    public IReadOnlyList<ManifestDoc> BaseDocs { get; }

    /// <summary>Documents anywhere under k8s/ (base, infra, overlays).</summary>
    public IReadOnlyList<ManifestDoc> AllDocs { get; }

    public JsonObject? Tilt { get; }

    public IEnumerable<ManifestDoc> Base(string kind) => BaseDocs.Where(d => d.Kind == kind);

    /// <summary>Everything one web project needs: Deployment, Service, ports, env, probes, Dapr, tilt.json entry.</summary>
    public IReadOnlyList<string> CheckProject(WebProject project)
    {
        var problems = new List<string>();
        var name = project.Name;
        var settingsPath = Path.Combine(project.Directory, "appsettings.json");
        if (!File.Exists(settingsPath))
        {
            return [$"{Rel(settingsPath)} is missing, so its Kestrel ports and required settings are unknown"];
        }

        var settings = AppSettings.Load(settingsPath);
        var (http, httpProblem) = settings.KestrelPort(grpc: false);
        var (grpc, grpcProblem) = settings.KestrelPort(grpc: true);
        problems.AddRange(new[] { httpProblem, grpcProblem }.OfType<string>());

        CheckTiltEntry(project, http, grpc, problems);

        var deployment = Base("Deployment").FirstOrDefault(d => d.Name == name);
        var service = Base("Service").FirstOrDefault(d => d.Name == name);
        if (service is null)
        {
            problems.Add($"no Service named '{name}' in {BaseDir} (Services there: {Names(Base("Service"))})");
        }

        if (deployment is null)
        {
            problems.Add($"no Deployment named '{name}' in {BaseDir} (Deployments there: {Names(Base("Deployment"))})");
            return problems;
        }

        var container = AppContainer(deployment, name);
        if (container is null)
        {
            problems.Add($"Deployment '{name}' ({deployment.File}) has no containers");
            return problems;
        }

        CheckContainerPort(deployment, container, "http", http, problems);
        CheckContainerPort(deployment, container, "grpc", grpc, problems);
        if (service is not null)
        {
            CheckService(deployment, service, "http", http, problems);
            CheckService(deployment, service, "grpc", grpc, problems);
        }

        var env = ResolveEnv(deployment, container, problems);
        var configMap = $"{name}-config";
        if (!container.Items("envFrom").Any(e => e.Str("configMapRef", "name") == configMap))
        {
            problems.Add($"Deployment '{name}' ({deployment.File}) does not load its ConfigMap '{configMap}' with envFrom");
        }

        foreach (var key in settings.RequiredFromEnvironment)
        {
            if (!env.TryGetValue(key, out var variable))
            {
                problems.Add($"{Rel(settingsPath)} sets {key.Replace("__", ":", StringComparison.Ordinal)} to \"\" (required from the environment) "
                    + $"but Deployment '{name}' sets no env var {key} (checked env, envFrom ConfigMaps/Secrets and secretKeyRefs)");
            }
            else if (variable.Value is "")
            {
                problems.Add($"Deployment '{name}' sets required env var {key} to an empty string ({variable.Source})");
            }
        }

        foreach (var key in settings.ProxyDestinationAddresses)
        {
            CheckProxyDestination(name, key, env, problems);
        }

        CheckProbe(deployment, container, "livenessProbe", "/healthz/live", http, problems);
        CheckProbe(deployment, container, "readinessProbe", "/healthz/ready", http, problems);
        CheckProbe(deployment, container, "startupProbe", path: null, http, problems);
        CheckDapr(deployment, name, http, problems);
        return problems;
    }

    /// <summary>tilt.json's services and the Deployments in k8s/base must match one to one.</summary>
    public IReadOnlyList<string> CheckTiltMatchesDeployments()
    {
        if (Tilt is null)
        {
            return ["tilt.json is missing or not a JSON object"];
        }

        var problems = new List<string>();
        var entries = Tilt.Items("services").OfType<JsonObject>().ToList();
        var resources = entries.Select(e => e.Str("k8s_resource") ?? "(no k8s_resource)").ToList();
        var deployments = Base("Deployment").Select(d => d.Name ?? "(unnamed)").ToList();
        foreach (var dup in resources.GroupBy(r => r).Where(g => g.Count() > 1))
        {
            problems.Add($"tilt.json lists k8s_resource '{dup.Key}' {dup.Count()} times");
        }

        problems.AddRange(resources.Except(deployments).Select(r =>
            $"tilt.json has k8s_resource '{r}' but {BaseDir} has no Deployment of that name"));
        problems.AddRange(deployments.Except(resources).Select(d =>
            $"{BaseDir} has Deployment '{d}' but no tilt.json service has k8s_resource '{d}'"));

        var projectPaths = Projects.Select(p => p.ProjectPath).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var path = entry.Str("project");
            if (path is null || !projectPaths.Contains(path))
            {
                problems.Add($"tilt.json service '{entry.Str("name")}' has project '{path}', which is not a web project on disk "
                    + $"(found: {string.Join(", ", projectPaths)})");
            }
        }

        var kustomize = Tilt.Str("kustomize");
        if (kustomize is null || KustomizationFile(Path.Combine(Root, kustomize)) is null)
        {
            problems.Add($"tilt.json \"kustomize\" is '{kustomize}', which is not a folder with a kustomization.yaml");
        }

        return problems;
    }

    /// <summary>Every path a kustomization under k8s/ names (resources, patches, generators, ...) exists.</summary>
    public IReadOnlyList<string> CheckKustomizeReferences()
    {
        var problems = new List<string>();
        foreach (var (file, references) in KustomizationReferences())
        {
            foreach (var (field, target) in references)
            {
                var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, target));
                var isDir = Directory.Exists(full);
                if (!isDir && !File.Exists(full))
                {
                    problems.Add($"{Rel(file)}: {field} entry '{target}' does not exist");
                }
                else if (isDir && field is not "files" && KustomizationFile(full) is null)
                {
                    problems.Add($"{Rel(file)}: {field} entry '{target}' is a folder without a kustomization.yaml");
                }
            }
        }

        return problems;
    }

    /// <summary>Each YAML file under k8s/ is a kustomization or is named by one: nothing is silently left out.</summary>
    public IReadOnlyList<string> CheckEveryManifestIsReferenced()
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (file, references) in KustomizationReferences())
        {
            foreach (var (_, target) in references)
            {
                referenced.Add(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, target)));
            }
        }

        var k8s = Path.Combine(Root, "k8s");
        if (!Directory.Exists(k8s))
        {
            return ["k8s/ is missing"];
        }

        return Directory.EnumerateFiles(k8s, "*.*", SearchOption.AllDirectories)
            .Where(f => Manifests.IsYaml(f) && !IsKustomizationFile(f) && !referenced.Contains(Path.GetFullPath(f)))
            .Select(f => $"{Rel(f)} is not listed in any kustomization.yaml, so no overlay deploys it")
            .ToList();
    }

    /// <summary>The Dapr pub/sub component billing subscribes through exists, is RabbitMQ and is scoped to billing.</summary>
    public IReadOnlyList<string> CheckPubSubComponent(string component = "billing-pubsub", string appId = "billing")
    {
        var doc = BaseDocs.FirstOrDefault(d => d.Kind == "Component" && d.Name == component);
        if (doc is null)
        {
            return [$"no Dapr Component '{component}' in {BaseDir}"];
        }

        var problems = new List<string>();
        if (doc.Node.Str("apiVersion") != "dapr.io/v1alpha1")
        {
            problems.Add($"Component '{component}' ({doc.File}) has apiVersion '{doc.Node.Str("apiVersion")}', expected dapr.io/v1alpha1");
        }

        if (doc.Node.Str("spec", "type") != "pubsub.rabbitmq")
        {
            problems.Add($"Component '{component}' ({doc.File}) has type '{doc.Node.Str("spec", "type")}', expected pubsub.rabbitmq");
        }

        var scopes = doc.Node.Items("scopes").Select(s => s.Str()).ToList();
        if (!scopes.Contains(appId))
        {
            problems.Add($"Component '{component}' ({doc.File}) is not scoped to '{appId}' (scopes: [{string.Join(", ", scopes)}])");
        }

        var connection = doc.Node.Items("spec", "metadata").FirstOrDefault(m => m.Str("name") == "connectionString");
        if (connection.At("secretKeyRef") is null)
        {
            problems.Add($"Component '{component}' ({doc.File}) must read connectionString with a secretKeyRef, not inline");
        }

        var appIds = Base("Deployment").Select(d => d.Node.Str("spec", "template", "metadata", "annotations", "dapr.io/app-id"));
        problems.AddRange(scopes.Where(s => !appIds.Contains(s)).Select(s =>
            $"Component '{component}' is scoped to '{s}', but no Deployment in {BaseDir} has dapr.io/app-id '{s}'"));
        return problems;
    }

    /// <summary>Dev includes k8s/infra; prod does not, and has a PodDisruptionBudget per Deployment.</summary>
    public IReadOnlyList<string> CheckOverlays()
    {
        var problems = new List<string>();
        var infra = Path.GetFullPath(Path.Combine(Root, "k8s/infra"));
        bool Includes(string overlay) => KustomizationReferences()
            .Where(k => Path.GetDirectoryName(k.File) == Path.GetFullPath(Path.Combine(Root, overlay)))
            .SelectMany(k => k.References.Select(r => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(k.File)!, r.Target))))
            .Contains(infra);

        if (!Includes("k8s/overlays/dev"))
        {
            problems.Add("k8s/overlays/dev/kustomization.yaml must include ../../infra (PostgreSQL, RabbitMQ, dev Secret)");
        }

        if (Includes("k8s/overlays/prod"))
        {
            problems.Add("k8s/overlays/prod/kustomization.yaml must not include the dev infra in k8s/infra");
        }

        var pdbs = AllDocs.Where(d => d.Kind == "PodDisruptionBudget" && d.File.StartsWith("k8s/overlays/prod/", StringComparison.Ordinal)).ToList();
        foreach (var deployment in Base("Deployment"))
        {
            var labels = deployment.Node.At("spec", "template", "metadata", "labels") as JsonObject;
            if (!pdbs.Any(p => Selects(p.Node.At("spec", "selector", "matchLabels") as JsonObject, labels)))
            {
                problems.Add($"k8s/overlays/prod has no PodDisruptionBudget selecting Deployment '{deployment.Name}''s pods");
            }
        }

        return problems;
    }

    public IReadOnlyList<string> CheckTiltfile()
    {
        var path = Path.Combine(Root, "Tiltfile");
        if (!File.Exists(path))
        {
            return ["Tiltfile is missing"];
        }

        return File.ReadAllText(path).Contains("read_json('tilt.json')", StringComparison.Ordinal)
            ? []
            : ["Tiltfile does not contain read_json('tilt.json'), so it ignores the service list in tilt.json"];
    }

    private void CheckTiltEntry(WebProject project, int? http, int? grpc, List<string> problems)
    {
        var entry = Tilt?.Items("services").OfType<JsonObject>().FirstOrDefault(e => e.Str("name") == project.Name);
        if (entry is null)
        {
            problems.Add($"tilt.json has no service named '{project.Name}' (for {project.ProjectPath})");
            return;
        }

        if (entry.Str("project") != project.ProjectPath)
        {
            problems.Add($"tilt.json '{project.Name}' has project '{entry.Str("project")}', expected '{project.ProjectPath}'");
        }

        void Port(string field, int? expected)
        {
            var actual = entry[field]?.ToJsonString();
            if (expected is not null && actual != expected.Value.ToString(CultureInfo.InvariantCulture))
            {
                problems.Add($"tilt.json '{project.Name}' has {field} {actual ?? "(missing)"}, but appsettings.json's Kestrel endpoint uses {expected}");
            }
        }

        Port("http_port", http);
        Port("grpc_port", grpc);

        var deployment = Base("Deployment").FirstOrDefault(d => d.Name == entry.Str("k8s_resource"));
        var image = deployment is null ? null : AppContainer(deployment, project.Name).Str("image");
        var repository = image?.Split('@')[0];
        if (repository is not null && repository.LastIndexOf(':') > repository.LastIndexOf('/'))
        {
            repository = repository[..repository.LastIndexOf(':')];
        }

        if (deployment is not null && repository != entry.Str("image"))
        {
            problems.Add($"tilt.json '{project.Name}' builds image '{entry.Str("image")}' but Deployment '{deployment.Name}' runs '{image}', so Tilt would not inject the build");
        }
    }

    private static void CheckContainerPort(ManifestDoc deployment, JsonNode container, string portName, int? expected, List<string> problems)
    {
        var port = container.Items("ports").FirstOrDefault(p => p.Str("name") == portName);
        if (port is null)
        {
            problems.Add($"Deployment '{deployment.Name}' ({deployment.File}) has no container port named '{portName}'" + (expected is null ? "" : $" ({expected})"));
        }
        else if (expected is not null && port.Str("containerPort") != expected.Value.ToString(CultureInfo.InvariantCulture))
        {
            problems.Add($"Deployment '{deployment.Name}' container port '{portName}' is {port.Str("containerPort")}, but appsettings.json's Kestrel endpoint uses {expected}");
        }
    }

    private static void CheckService(ManifestDoc deployment, ManifestDoc service, string portName, int? expected, List<string> problems)
    {
        var port = service.Node.Items("spec", "ports").FirstOrDefault(p => p.Str("name") == portName);
        var number = expected?.ToString(CultureInfo.InvariantCulture);
        if (port is null)
        {
            problems.Add($"Service '{service.Name}' ({service.File}) has no port named '{portName}'" + (expected is null ? "" : $" ({expected})"));
            return;
        }

        if (number is not null && port.Str("port") != number)
        {
            problems.Add($"Service '{service.Name}' port '{portName}' is {port.Str("port")}, but appsettings.json's Kestrel endpoint uses {expected}");
        }

        var target = port.Str("targetPort") ?? port.Str("port");
        if (target != portName && target != number)
        {
            problems.Add($"Service '{service.Name}' port '{portName}' targets '{target}', expected container port '{portName}' or {expected}");
        }

        if (portName == "http"
            && !Selects(service.Node.At("spec", "selector") as JsonObject, deployment.Node.At("spec", "template", "metadata", "labels") as JsonObject))
        {
            problems.Add($"Service '{service.Name}' selector does not match the pod labels of Deployment '{deployment.Name}'");
        }
    }

    private sealed record EnvVar(string Source, string? Value);

    /// <summary>The container's environment: env entries, then envFrom ConfigMaps and Secrets (with prefixes).</summary>
    private Dictionary<string, EnvVar> ResolveEnv(ManifestDoc deployment, JsonNode container, List<string> problems)
    {
        var env = new Dictionary<string, EnvVar>(StringComparer.OrdinalIgnoreCase);
        foreach (var from in container.Items("envFrom"))
        {
            var prefix = from.Str("prefix") ?? string.Empty;
            if (from.Str("configMapRef", "name") is { } cmName)
            {
                var cm = Base("ConfigMap").FirstOrDefault(d => d.Name == cmName);
                if (cm is null)
                {
                    problems.Add($"Deployment '{deployment.Name}' loads ConfigMap '{cmName}', which is not in {BaseDir}");
                    continue;
                }

                foreach (var key in cm.Node.Keys("data"))
                {
                    env[prefix + key] = new EnvVar($"ConfigMap {cmName}", cm.Node.Str("data", key));
                }
            }
            else if (from.Str("secretRef", "name") is { } secretName)
            {
                foreach (var key in SecretKeys(secretName))
                {
                    env[prefix + key] = new EnvVar($"Secret {secretName}", null);
                }
            }
        }

        foreach (var item in container.Items("env"))
        {
            var name = item.Str("name");
            if (name is null)
            {
                continue;
            }

            if (item.At("valueFrom", "secretKeyRef") is { } secretRef)
            {
                var (secret, key) = (secretRef.Str("name"), secretRef.Str("key"));
                if (!AllDocs.Any(d => d.Kind == "Secret" && d.Name == secret))
                {
                    problems.Add($"Deployment '{deployment.Name}' env {name} reads Secret '{secret}', which no manifest under k8s/ defines (dev needs it)");
                }
                else if (!SecretKeys(secret!).Contains(key))
                {
                    problems.Add($"Deployment '{deployment.Name}' env {name} reads key '{key}' of Secret '{secret}', which has no such key");
                }

                env[name] = new EnvVar($"Secret {secret} key {key}", null);
            }
            else if (item.At("valueFrom", "configMapKeyRef") is { } cmRef)
            {
                var cm = Base("ConfigMap").FirstOrDefault(d => d.Name == cmRef.Str("name"));
                env[name] = new EnvVar($"ConfigMap {cmRef.Str("name")} key {cmRef.Str("key")}", cm?.Node.Str("data", cmRef.Str("key") ?? ""));
            }
            else
            {
                env[name] = new EnvVar("env value", item.Str("value") ?? (item.At("valueFrom") is null ? "" : null));
            }
        }

        return env;
    }

    private IEnumerable<string?> SecretKeys(string secret) => AllDocs
        .Where(d => d.Kind == "Secret" && d.Name == secret)
        .SelectMany(d => d.Node.Keys("data").Concat(d.Node.Keys("stringData")));

    /// <summary>A YARP destination must be overridden with the address of a Service port in the cluster.</summary>
    private void CheckProxyDestination(string name, string key, Dictionary<string, EnvVar> env, List<string> problems)
    {
        if (!env.TryGetValue(key, out var variable))
        {
            problems.Add($"Deployment '{name}' does not override {key}: appsettings.json's address only works outside Kubernetes");
            return;
        }

        if (variable.Value is null)
        {
            return; // From a Secret: the value is not in the repo to check.
        }

        if (!Uri.TryCreate(variable.Value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            problems.Add($"Deployment '{name}' sets {key} to '{variable.Value}', which is not an http(s) URL");
            return;
        }

        var service = Base("Service").FirstOrDefault(s => s.Name == uri.Host);
        if (service is null)
        {
            problems.Add($"Deployment '{name}' sets {key} to '{variable.Value}', but {BaseDir} has no Service '{uri.Host}'");
            return;
        }

        var port = service.Node.Items("spec", "ports").FirstOrDefault(p => p.Str("port") == uri.Port.ToString(CultureInfo.InvariantCulture));
        var cluster = key.Split("__")[2];
        var expectedName = cluster.EndsWith("-grpc", StringComparison.OrdinalIgnoreCase) ? "grpc"
            : cluster.EndsWith("-rest", StringComparison.OrdinalIgnoreCase) ? "http" : null;
        if (port is null)
        {
            problems.Add($"Deployment '{name}' sets {key} to '{variable.Value}', but Service '{uri.Host}' has no port {uri.Port}");
        }
        else if (expectedName is not null && port.Str("name") != expectedName)
        {
            problems.Add($"Deployment '{name}' sets {key} to '{variable.Value}', Service '{uri.Host}' port '{port.Str("name")}'; cluster '{cluster}' needs its '{expectedName}' port");
        }
    }

    private static void CheckProbe(ManifestDoc deployment, JsonNode container, string probe, string? path, int? http, List<string> problems)
    {
        var node = container.At(probe);
        if (node is null)
        {
            problems.Add($"Deployment '{deployment.Name}' ({deployment.File}) has no {probe}" + (path is null ? "" : $" (expected httpGet {path} on port http)"));
            return;
        }

        if (path is null)
        {
            return;
        }

        var port = node.Str("httpGet", "port");
        if (node.Str("httpGet", "path") != path || (port != "http" && port != http?.ToString(CultureInfo.InvariantCulture)))
        {
            problems.Add($"Deployment '{deployment.Name}' {probe} is httpGet '{node.Str("httpGet", "path")}' on port '{port}', expected {path} on port http");
        }
    }

    private static void CheckDapr(ManifestDoc deployment, string name, int? http, List<string> problems)
    {
        var expected = new Dictionary<string, string?>
        {
            ["dapr.io/enabled"] = "true",
            ["dapr.io/app-id"] = name,
            ["dapr.io/app-port"] = http?.ToString(CultureInfo.InvariantCulture),
            ["dapr.io/app-protocol"] = "http",
        };
        foreach (var (annotation, value) in expected)
        {
            var actual = deployment.Node.Str("spec", "template", "metadata", "annotations", annotation);
            if (actual is null)
            {
                problems.Add($"Deployment '{name}' pod template lacks annotation {annotation}" + (value is null ? "" : $": \"{value}\""));
            }
            else if (value is not null && actual != value)
            {
                problems.Add($"Deployment '{name}' pod template has {annotation}: \"{actual}\", expected \"{value}\"");
            }
        }
    }

    /// <summary>The app container: named like the service, else running its image, else the first.</summary>
    private static JsonNode? AppContainer(ManifestDoc deployment, string name)
    {
        var containers = deployment.Node.Items("spec", "template", "spec", "containers").ToList();
        return containers.FirstOrDefault(c => c.Str("name") == name)
            ?? containers.FirstOrDefault(c => c.Str("image")?.StartsWith($"customerhealth/{name}", StringComparison.Ordinal) == true)
            ?? containers.FirstOrDefault();
    }

    private static bool Selects(JsonObject? selector, JsonObject? labels) =>
        selector is { Count: > 0 } && labels is not null
        && selector.All(kv => labels.Str(kv.Key) is { } v && v == kv.Value.Str());

    private IEnumerable<(string File, List<(string Field, string Target)> References)> KustomizationReferences()
    {
        var k8s = Path.Combine(Root, "k8s");
        if (!Directory.Exists(k8s))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(k8s, "*.*", SearchOption.AllDirectories).Where(IsKustomizationFile).Order(StringComparer.Ordinal))
        {
            var refs = new List<(string, string)>();
            foreach (var doc in Manifests.LoadFile(file, Rel(file)))
            {
                var k = doc.Node;
                foreach (var field in new[] { "resources", "bases", "components", "crds", "patchesStrategicMerge", "generators", "transformers", "validators" })
                {
                    // Inline YAML (multi-line) and remote URLs are not files in this repo.
                    refs.AddRange(k.Items(field).Select(i => i.Str()).OfType<string>()
                        .Where(s => !s.Contains('\n', StringComparison.Ordinal) && !s.Contains("://", StringComparison.Ordinal) && !s.StartsWith("github.com/", StringComparison.Ordinal))
                        .Select(s => (field, s)));
                }

                foreach (var field in new[] { "patches", "patchesJson6902", "replacements" })
                {
                    refs.AddRange(k.Items(field).Select(i => i.Str("path")).OfType<string>().Select(s => (field, s)));
                }

                foreach (var generator in k.Items("configMapGenerator").Concat(k.Items("secretGenerator")))
                {
                    // files entries may be "key=path".
                    refs.AddRange(generator.Items("files").Select(i => i.Str()).OfType<string>().Select(s => ("files", s[(s.IndexOf('=', StringComparison.Ordinal) + 1)..])));
                    refs.AddRange(generator.Items("envs").Select(i => i.Str()).OfType<string>().Select(s => ("envs", s)));
                    if (generator.Str("env") is { } single)
                    {
                        refs.Add(("env", single));
                    }
                }
            }

            yield return (file, refs);
        }
    }

    private static bool IsKustomizationFile(string path) =>
        Path.GetFileName(path) is "kustomization.yaml" or "kustomization.yml" or "Kustomization";

    private static string? KustomizationFile(string dir) =>
        new[] { "kustomization.yaml", "kustomization.yml", "Kustomization" }
            .Select(f => Path.Combine(dir, f)).FirstOrDefault(File.Exists);

    private static string Names(IEnumerable<ManifestDoc> docs)
    {
        var names = docs.Select(d => d.Name).ToList();
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }

    private string Rel(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');
}
