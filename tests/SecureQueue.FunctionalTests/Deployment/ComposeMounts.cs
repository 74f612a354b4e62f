using Npgsql;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Deployment;

/// <summary>
/// What a container engine would mount for one compose service, as directories of a test: each secret as a 0600 file
/// under one directory, each bind mount as a copy of its source, each named volume as an empty directory. A secret the
/// test does not know fails the test, so compose and this test cannot drift apart silently.
/// </summary>
internal sealed class ComposeMounts
{
    private const string SecretsTarget = "/run/secrets/";
    private readonly List<(string Target, string Directory)> mounts = [];
    private readonly GatewayWorkspace workspace;

    public ComposeMounts(string root, GatewayWorkspace workspace, ComposeFile compose, string service)
    {
        this.workspace = workspace;
        Home = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
        var secrets = Directory.CreateDirectory(Path.Combine(root, "secrets")).FullName;
        mounts.Add((SecretsTarget, secrets + "/"));
        var database = new NpgsqlConnectionStringBuilder(workspace.Database.GatewayConnectionString);
        GatewayPassword = database.Password!;
        foreach (var secret in compose.Secrets(service))
        {
            var file = Path.Combine(secrets, secret);
            File.WriteAllText(file, Secret(secret, database));
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        foreach (var (source, target) in compose.Volumes(service))
        {
            var directory = Directory.CreateDirectory(Path.Combine(root, "mounts", target.Trim('/').Replace('/', '_'))).FullName;
            if (source.StartsWith('/'))
            {
                Copy(source, directory);
            }

            mounts.Add((target, directory));
        }
    }

    public string Home { get; }

    public string GatewayPassword { get; }

    /// <summary>A value with every container path in it replaced by the test directory mounted there.</summary>
    public string Map(string value)
    {
        foreach (var (target, directory) in mounts.OrderByDescending(m => m.Target.Length))
        {
            value = value.Replace(target, directory, StringComparison.Ordinal);
        }

        return value;
    }

    /// <summary>The service's connection string with the compose network's database host replaced by the test's database; every other keyword kept.</summary>
    public string Connection(string composeConnection)
    {
        var builder = new NpgsqlConnectionStringBuilder(composeConnection);
        Assert.Equal("secq_gateway", builder.Username);
        var test = new NpgsqlConnectionStringBuilder(workspace.Database.GatewayConnectionString);
        builder.Host = test.Host;
        builder.Port = test.Port;
        builder.Database = test.Database;
        builder.Username = test.Username;
        return builder.ConnectionString;
    }

    private string Secret(string name, NpgsqlConnectionStringBuilder database) => name switch
    {
        "gateway_pgpass" => $"{database.Host}:{database.Port}:{database.Database}:{database.Username}:{database.Password}\n",
        "identities.json" => File.ReadAllText(workspace.Files.IdentitiesFile),
        "master.key" => File.ReadAllText(workspace.Files.MasterKeyFile),
        "checkpoint.key" => File.ReadAllText(workspace.Files.CheckpointKeyFile),
        "server.pem" => File.ReadAllText(workspace.Files.ServerCertificateFile),
        "server.key" => File.ReadAllText(workspace.Files.ServerKeyFile),
        _ => throw new InvalidOperationException($"compose gives the gateway a secret '{name}' this test does not provide: add it here."),
    };

    /// <summary>A bind mount's source as the container would see it, plus the test identities' policies, which their identities name.</summary>
    private void Copy(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        foreach (var policy in Directory.EnumerateFiles(workspace.Files.PoliciesDirectory, "*.json"))
        {
            File.Copy(policy, Path.Combine(target, Path.GetFileName(policy)), overwrite: true);
        }
    }
}
