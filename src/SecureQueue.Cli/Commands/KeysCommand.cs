using SecureQueue.Crypto.Keys;
using SecureQueue.Crypto.Signatures;
using SecureQueue.Gateway.Keys;
using SecureQueue.Log;
using SecureQueue.Log.Events;

namespace SecureQueue.Cli.Commands;

/// <summary>
/// <c>secq keys status|rotate|prune|signing-key</c>. Settings as the gateway reads them (environment <c>SecureQueue__…</c>,
/// <c>ConnectionStrings__SecureQueue</c>, or <c>--SecureQueue:KeyringFile=…</c> on the command line).
/// </summary>
internal static class KeysCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var verb = args.FirstOrDefault();
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args.Skip(1).ToArray(), new Dictionary<string, string>
        {
            ["--queue"] = "Queue",
            ["--keyring-file"] = "SecureQueue:KeyringFile",
            ["--master-key-file"] = "SecureQueue:MasterKeyFile",
            ["--connection"] = "ConnectionStrings:SecureQueue",
        }).Build();
        return verb switch
        {
            "status" => await StatusAsync(configuration, output),
            "rotate" => await RotateAsync(configuration, output),
            "signing-key" => SigningKey(configuration, output, error),
            "prune" => await PruneAsync(configuration, output),
            _ => Usage(error),
        };
    }

    private static async Task<int> StatusAsync(IConfiguration configuration, TextWriter output)
    {
        var families = Load(configuration);
        var counts = configuration.GetConnectionString("SecureQueue") is { } connection
            ? await CountsAsync(connection)
            : [];
        foreach (var keyring in families.Keyrings)
        {
            output.WriteLine($"keyring {keyring.Name}");
            foreach (var version in keyring.Versions)
            {
                var (live, destroyed) = counts.Where(c => c.Keyring == keyring.Name && c.KekVersion == version.Version).Select(c => (c.Live, c.Destroyed)).FirstOrDefault();
                var age = DateTimeOffset.UtcNow - version.Created;
                output.WriteLine($"  v{version.Version}{(version.IsCurrent ? " (current)" : "")}  created {version.Created:u} ({age.TotalDays:F0} days)  wraps {live} live data keys, {destroyed} destroyed");
            }
        }

        return 0;
    }

    /// <summary>Adds a KEK version to the keyring file and re-wraps every live data key under it; message ciphertext is untouched.</summary>
    private static async Task<int> RotateAsync(IConfiguration configuration, TextWriter output)
    {
        var file = configuration["SecureQueue:KeyringFile"] ?? throw new InvalidOperationException("secq keys rotate needs SecureQueue:KeyringFile (--keyring-file).");
        var connection = configuration.GetConnectionString("SecureQueue") ?? throw new InvalidOperationException("secq keys rotate needs ConnectionStrings:SecureQueue (--connection).");
        var current = File.Exists(file) ? Keyring.FromFile(file) : Bootstrap(configuration);
        var rotated = current.Rotate();
        rotated.WriteFile(file);
        output.WriteLine($"keyring {rotated.Name}: v{rotated.CurrentVersion} added to {file}");

        await using var storage = OfflineStorage.Open(connection);
        var writer = await storage.WriterAsync();
        var envelope = new AuditEnvelope(Guid.NewGuid(), "RotateKeys", $"secq:operator/{Environment.UserName}", null, "local", "secq keys rotate", null, null, null);
        var outcome = await writer.ExecuteAsync(envelope, async tx =>
        {
            var rewrapped = 0;
            foreach (var key in (await tx.DataKeys.LiveAsync()).Where(k => k.Keyring == rotated.Name && k.KekVersion != rotated.CurrentVersion))
            {
                var wrapped = KeyWrap.Rewrap(WrappedDataKey.FromBytes(key.Wrapped), rotated);
                await tx.DataKeys.RewrapAsync(key.KeyId, rotated.CurrentVersion, wrapped.ToBytes());
                rewrapped++;
            }

            return new Logged<int>(rewrapped, "DataKeysRewrapped", json =>
            {
                json.WriteString("keyring", rotated.Name);
                json.WriteNumber("kekVersion", rotated.CurrentVersion);
                json.WriteNumber("rewrapped", rewrapped);
            });
        });
        output.WriteLine($"re-wrapped {outcome.Result} data keys under v{rotated.CurrentVersion} (audit event seq {outcome.Sequence})");
        return 0;
    }

    /// <summary>
    /// Drops KEK versions that are not current and wrap no live data key. Run it a few minutes after a rotation:
    /// gateways re-read the keyring every minute and only then stop wrapping new data keys with the old version.
    /// </summary>
    private static async Task<int> PruneAsync(IConfiguration configuration, TextWriter output)
    {
        var file = configuration["SecureQueue:KeyringFile"] ?? throw new InvalidOperationException("secq keys prune needs SecureQueue:KeyringFile (--keyring-file).");
        var connection = configuration.GetConnectionString("SecureQueue") ?? throw new InvalidOperationException("secq keys prune needs ConnectionStrings:SecureQueue (--connection).");
        var keyring = Keyring.FromFile(file);
        var inUse = (await CountsAsync(connection)).Where(c => c.Keyring == keyring.Name && c.Live > 0).Select(c => c.KekVersion).ToHashSet();
        var unused = keyring.Versions.Where(v => !v.IsCurrent && !inUse.Contains(v.Version)).Select(v => v.Version).ToList();
        if (unused.Count > 0)
        {
            keyring.Without(unused).WriteFile(file);
        }

        output.WriteLine(unused.Count == 0
            ? $"keyring {keyring.Name}: every version is current or still wraps a data key; nothing removed"
            : $"keyring {keyring.Name}: removed {string.Join(", ", unused.Select(v => $"v{v}"))} (no live data key needs them)");
        return 0;
    }

    private static int SigningKey(IConfiguration configuration, TextWriter output, TextWriter error)
    {
        if (configuration["Queue"] is not { Length: > 0 } queue)
        {
            return Usage(error);
        }

        var account = configuration["SecureQueue:AccountId"] ?? "000000000000";
        var region = configuration["SecureQueue:Region"] ?? "us-east-1";
        var key = MessageSigningKey.Derive(Load(configuration).Default.Current, $"arn:aws:sqs:{region}:{account}:{queue}");
        output.WriteLine($"key-id: {key.KeyId}");
        output.WriteLine($"key:    {Convert.ToBase64String(key.ExportKey())}");
        return 0;
    }

    private static async Task<IReadOnlyList<(string Keyring, int KekVersion, long Live, long Destroyed)>> CountsAsync(string connection)
    {
        await using var storage = OfflineStorage.Open(connection);
        return await storage.DataKeys.CountsAsync(CancellationToken.None);
    }

    private static KeyFamilies Load(IConfiguration configuration)
    {
        var masterKeyFile = configuration["SecureQueue:MasterKeyFile"];
        return KeyConfiguration.Load(configuration, masterKeyFile is null ? null : MasterKey.FromFile(masterKeyFile), masterKeyFile, Directory.GetCurrentDirectory());
    }

    private static Keyring Bootstrap(IConfiguration configuration)
    {
        var masterKeyFile = configuration["SecureQueue:MasterKeyFile"]
            ?? throw new InvalidOperationException("The keyring file does not exist yet: give SecureQueue:MasterKeyFile (--master-key-file) to start it from the master key.");
        return Keyring.FromMasterKey(MasterKey.FromFile(masterKeyFile), File.GetLastWriteTimeUtc(masterKeyFile));
    }

    private static int Usage(TextWriter error)
    {
        error.WriteLine("""
            usage: secq keys status [--keyring-file F | --master-key-file F] [--connection CS]
                   secq keys rotate --keyring-file F [--master-key-file F] --connection CS
                   secq keys prune --keyring-file F --connection CS     (a few minutes after rotate)
                   secq keys signing-key --queue NAME [--keyring-file F | --master-key-file F]
            """);
        return 2;
    }
}
