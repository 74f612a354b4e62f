using System.CommandLine;
using SecureQueue.Crypto.Keys;
using SecureQueue.Crypto.Signatures;
using SecureQueue.Gateway.Keys;
using SecureQueue.Log;
using SecureQueue.Log.Events;

namespace SecureQueue.Cli.Commands;

/// <summary>
/// <c>secq keys status|rotate|prune|signing-key</c>. Settings as the gateway reads them (environment <c>SecureQueue__…</c>,
/// <c>ConnectionStrings__SecureQueue</c>, or <c>--SecureQueue:KeyringFile=…</c> on the command line); named options win.
/// </summary>
internal static class KeysCommand
{
    public static Command Create() => Declare.Group(
        "keys",
        "Key-encryption keys, data keys and message signing keys. Settings as the gateway reads them: SecureQueue__* environment, " +
        "ConnectionStrings__SecureQueue, or --Section:Key=value. " + ExitCodes.Help,
        Keys("status", "List KEK versions, their age, and how many live and destroyed data keys each wraps.", StatusAsync, KeyringOption(), MasterKeyOption(), ConnectionOption()),
        Keys("rotate", "Add a KEK version to the keyring file and re-wrap every live data key under it; message ciphertext is untouched.", RotateAsync, KeyringOption(), MasterKeyOption(), ConnectionOption()),
        Keys("prune", "Drop KEK versions that are not current and wrap no live data key; run it a few minutes after rotate.", PruneAsync, KeyringOption(), ConnectionOption()),
        Keys("signing-key", "Print a queue's message signing key (key id and base64 key), for consumers that check signatures.", SigningKey,
            Declare.Value("--queue", "NAME", "the queue's name"), KeyringOption(), MasterKeyOption()));

    /// <summary><c>secq keys ARGS</c> in-process, as tests and scripts call it.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) => SecqCommandLine.RunAsync(["keys", .. args], output, error);

    private static Option<string> KeyringOption() => Declare.Value("--keyring-file", "FILE", "the keyring file (SecureQueue:KeyringFile)");

    private static Option<string> MasterKeyOption() => Declare.Value("--master-key-file", "FILE", "the master key file (SecureQueue:MasterKeyFile)");

    private static Option<string> ConnectionOption() => Declare.Value("--connection", "CS", "the database (ConnectionStrings:SecureQueue)");

    /// <summary>A keys command: its options over the environment, and any --Section:Key=value it is given, as configuration.</summary>
    private static Command Keys(string name, string description, Func<IConfiguration, CommandOptions, Task<int>> run, params Option[] options)
    {
        var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        return command.WithAction(parsed => Configured(parsed) is { } configuration ? run(configuration, parsed) : Task.FromResult(ExitCodes.Usage));
    }

    private static Command Keys(string name, string description, Func<IConfiguration, CommandOptions, int> run, params Option[] options) =>
        Keys(name, description, (configuration, parsed) => Task.FromResult(run(configuration, parsed)), options);

    private static IConfiguration? Configured(CommandOptions parsed)
    {
        if (parsed.FirstNonSetting is { } unknown)
        {
            parsed.Fail($"unknown option '{unknown}' (configuration is given as --Section:Key=value)");
            return null;
        }

        var named = new Dictionary<string, string?>
        {
            ["Queue"] = parsed.One("--queue"),
            ["SecureQueue:KeyringFile"] = parsed.One("--keyring-file"),
            ["SecureQueue:MasterKeyFile"] = parsed.One("--master-key-file"),
            ["ConnectionStrings:SecureQueue"] = parsed.One("--connection"),
        };
        return new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddCommandLine([.. parsed.Passed])
            .AddInMemoryCollection(named.Where(n => n.Value is not null))
            .Build();
    }

    private static async Task<int> StatusAsync(IConfiguration configuration, CommandOptions options)
    {
        var output = options.Output;
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
    private static async Task<int> RotateAsync(IConfiguration configuration, CommandOptions options)
    {
        var output = options.Output;
        var file = configuration["SecureQueue:KeyringFile"] ?? throw new InvalidOperationException("keys rotate needs SecureQueue:KeyringFile (--keyring-file).");
        var connection = configuration.GetConnectionString("SecureQueue") ?? throw new InvalidOperationException("keys rotate needs ConnectionStrings:SecureQueue (--connection).");
        var current = File.Exists(file) ? Keyring.FromFile(file) : Bootstrap(configuration);
        var rotated = current.Rotate();
        rotated.WriteFile(file);
        output.WriteLine($"keyring {rotated.Name}: v{rotated.CurrentVersion} added to {file}");

        await using var storage = OfflineStorage.Open(connection);
        var writer = await storage.WriterAsync();
        var envelope = new AuditEnvelope(Guid.NewGuid(), "RotateKeys", $"secq:operator/{Environment.UserName}", null, "local", "secq keys rotate", null, null, null);
        var outcome = await TerminalProgress.RunAsync(options.Error, "re-wrapped data keys", progress => writer.ExecuteAsync(envelope, async tx =>
        {
            var rewrapped = 0;
            var stale = (await tx.DataKeys.LiveAsync()).Where(k => k.Keyring == rotated.Name && k.KekVersion != rotated.CurrentVersion).ToList();
            foreach (var key in stale)
            {
                var wrapped = KeyWrap.Rewrap(WrappedDataKey.FromBytes(key.Wrapped), rotated);
                await tx.DataKeys.RewrapAsync(key.KeyId, rotated.CurrentVersion, wrapped.ToBytes());
                progress?.Report((++rewrapped, stale.Count));
            }

            return new Logged<int>(rewrapped, EventTypes.DataKeysRewrapped, json =>
            {
                json.WriteString("keyring", rotated.Name);
                json.WriteNumber("kekVersion", rotated.CurrentVersion);
                json.WriteNumber("rewrapped", rewrapped);
            });
        }));
        output.WriteLine($"re-wrapped {outcome.Result} data keys under v{rotated.CurrentVersion} (audit event seq {outcome.Sequence})");
        return 0;
    }

    /// <summary>
    /// Drops KEK versions that are not current and wrap no live data key. Run it a few minutes after a rotation:
    /// gateways re-read the keyring every minute and only then stop wrapping new data keys with the old version.
    /// </summary>
    private static async Task<int> PruneAsync(IConfiguration configuration, CommandOptions options)
    {
        var output = options.Output;
        var file = configuration["SecureQueue:KeyringFile"] ?? throw new InvalidOperationException("keys prune needs SecureQueue:KeyringFile (--keyring-file).");
        var connection = configuration.GetConnectionString("SecureQueue") ?? throw new InvalidOperationException("keys prune needs ConnectionStrings:SecureQueue (--connection).");
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

    private static int SigningKey(IConfiguration configuration, CommandOptions options)
    {
        var output = options.Output;
        var queue = configuration["Queue"] is { Length: > 0 } named
            ? named
            : throw new InvalidOperationException("secq keys signing-key needs --queue NAME.");

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
}
