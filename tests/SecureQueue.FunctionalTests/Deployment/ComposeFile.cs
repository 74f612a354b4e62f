using SecureQueue.FunctionalTests.Cli;
using SecureQueue.FunctionalTests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace SecureQueue.FunctionalTests.Deployment;

/// <summary>
/// compose/docker-compose.yml as Debian's docker-compose resolves it (anchors merged, paths absolute): what a container
/// engine would be given, read by the tests that check and run it.
/// </summary>
internal sealed class ComposeFile
{
    private readonly YamlMappingNode services;

    private ComposeFile(YamlMappingNode services) => this.services = services;

    public static string Path => System.IO.Path.Combine(ClientProcess.RepositoryRoot, "compose", "docker-compose.yml");

    public static async Task<ComposeFile> LoadAsync()
    {
        var (code, output, error) = await RunAsync("config");
        Assert.True(code == 0, $"docker-compose config exited {code}: {error}");
        var stream = new YamlStream();
        stream.Load(new StringReader(output));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return new ComposeFile((YamlMappingNode)root.Children[new YamlScalarNode("services")]);
    }

    /// <summary>Runs docker-compose on the file with one sub-command, e.g. <c>config -q</c>.</summary>
    public static Task<(int Code, string Output, string Error)> RunAsync(params string[] arguments) =>
        ChildProcess.RunAsync("docker-compose", ["-f", Path, .. arguments]);

    public IEnumerable<string> ServiceNames => services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!);

    public IReadOnlyDictionary<string, string> Environment(string service) =>
        Child(service, "environment") is YamlMappingNode map
            ? map.Children.ToDictionary(p => Scalar(p.Key), p => Scalar(p.Value), StringComparer.Ordinal)
            : new Dictionary<string, string>();

    public IReadOnlyList<string> Command(string service) => List(service, "command").Select(Scalar).ToList();

    /// <summary>The secrets a service is given, each mounted at /run/secrets/NAME.</summary>
    public IReadOnlyList<string> Secrets(string service) =>
        List(service, "secrets").Select(s => s is YamlMappingNode map ? Scalar(map.Children[new YamlScalarNode("source")]) : Scalar(s)).ToList();

    /// <summary>(source, target) of every volume: a host path or a named volume, and where it appears in the container.</summary>
    public IReadOnlyList<(string Source, string Target)> Volumes(string service) => List(service, "volumes")
        .Select(v => Scalar(v).Split(':'))
        .Select(parts => (parts[0], parts[1]))
        .ToList();

    /// <summary>The service's health check command (after <c>CMD</c>).</summary>
    public IReadOnlyList<string> HealthCheck(string service) =>
        Child(service, "healthcheck") is YamlMappingNode check && check.Children.TryGetValue(new YamlScalarNode("test"), out var test) && test is YamlSequenceNode list
            ? list.Children.Skip(1).Select(Scalar).ToList()
            : [];

    public string? Value(string service, string key) => Child(service, key) is YamlScalarNode scalar ? scalar.Value : null;

    private IEnumerable<YamlNode> List(string service, string key) => Child(service, key) is YamlSequenceNode list ? list.Children : [];

    /// <summary>A scalar under nested keys, e.g. depends_on → migrate → condition; null when any is missing.</summary>
    public string? Nested(string service, params string[] keys)
    {
        var node = Child(service, keys[0]);
        foreach (var key in keys[1..])
        {
            node = node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
        }

        return (node as YamlScalarNode)?.Value;
    }

    public YamlNode? Child(string service, string key) =>
        ((YamlMappingNode)services.Children[new YamlScalarNode(service)]).Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? "";
}
