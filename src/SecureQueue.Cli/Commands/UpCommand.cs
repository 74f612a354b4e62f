using System.CommandLine;
using SecureQueue.Cli.Setup;

namespace SecureQueue.Cli.Commands;

/// <summary><c>secq up</c>: idempotent local set-up (keys, CA, certificate, dev identity, AWS profile), then serve HTTPS.</summary>
internal static class UpCommand
{
    public static Command Create() => new Command(
        "up",
        "Create local keys, certificates and a dev identity under the data directory (idempotent), write an AWS CLI profile, then serve " +
        "HTTPS on localhost (after secq db migrate). Other options are passed to secq serve.")
    {
        new Option<string>("--data-dir") { HelpName = "DIR", Description = "where keys, certificates and identities live", DefaultValueFactory = _ => ".data" },
        new Option<int>("--port") { HelpName = "N", Description = "the HTTPS port", DefaultValueFactory = _ => 8443 },
        new Option<string>("--profile")
        {
            HelpName = "NAME",
            Description = "the AWS CLI profile to write (default: secq, else secq-PORT, else secq-PORT-HASH; one that points at another gateway is never overwritten)",
        },
    }.WithAction(options => RunAsync(options.One("--data-dir")!, options.Get<int>("--port"), options.One("--profile"), options.Passed)).PassingSettings();

    private static Task<int> RunAsync(string dataDirectory, int port, string? profile, IReadOnlyList<string> rest)
    {
        var root = Directory.GetCurrentDirectory();
        var setup = LocalSetup.Ensure(Path.GetFullPath(dataDirectory, root), root, Console.Out, port, profile);
        // A keyring file (v1 derived from the master key, as the gateway would derive it) so `secq keys rotate` can add versions.
        var keyringFile = Path.Combine(setup.DataDirectory, "keyring.json");
        if (!File.Exists(keyringFile))
        {
            Crypto.Keys.Keyring.FromMasterKey(Crypto.Keys.MasterKey.FromFile(setup.MasterKeyFile), File.GetLastWriteTimeUtc(setup.MasterKeyFile)).WriteFile(keyringFile);
        }

        // The Ed25519 key that will sign audit checkpoints; kept beside the keys, never in the database.
        var checkpointKeyFile = Path.Combine(setup.DataDirectory, "checkpoint.key");
        if (!File.Exists(checkpointKeyFile))
        {
            Crypto.Signatures.CheckpointSigningKey.Generate().WriteFile(checkpointKeyFile);
        }

        // The public half, for `secq audit verify --public-key` by someone who must not hold the signing key.
        var checkpointPublicKeyFile = Path.Combine(setup.DataDirectory, "checkpoint.pub");
        if (!File.Exists(checkpointPublicKeyFile))
        {
            Crypto.Signatures.CheckpointSigningKey.FromFile(checkpointKeyFile).WritePublicKeyFile(checkpointPublicKeyFile);
        }

        var defaults = new Dictionary<string, string?>
        {
            ["urls"] = $"https://localhost:{setup.Port}",
            ["SecureQueue:IdentitiesFile"] = setup.IdentitiesFile,
            ["SecureQueue:PoliciesDirectory"] = setup.PoliciesDirectory,
            ["SecureQueue:GuardrailsDirectory"] = Directory.Exists(Path.Combine(setup.PoliciesDirectory, "guardrails")) ? Path.Combine(setup.PoliciesDirectory, "guardrails") : null,
            ["SecureQueue:MasterKeyFile"] = setup.MasterKeyFile,
            ["SecureQueue:KeyringFile"] = keyringFile,
            ["SecureQueue:Tls:CertificateFile"] = setup.ServerCertificateFile,
            ["SecureQueue:Tls:KeyFile"] = setup.ServerKeyFile,
            ["SecureQueue:CheckpointKeyFile"] = checkpointKeyFile,
            ["SecureQueue:Audit:CheckpointFile"] = Path.Combine(setup.DataDirectory, "checkpoints.jsonl"),
            // Several checkouts may run `secq up` on one machine: metrics and health on any free loopback port, printed at start-up.
            ["SecureQueue:Ops:Url"] = "http://127.0.0.1:0",
        };
        Console.Out.WriteLine($"Serving https://localhost:{setup.Port} (trust {setup.CaCertificateFile}); Ctrl+C stops.");
        return ServeCommand.RunAsync([.. rest], defaults);
    }
}
