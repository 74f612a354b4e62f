namespace SecureQueue.Cli.Commands;

internal static class Usage
{
    public static int Print(TextWriter output)
    {
        output.WriteLine("""
            usage: secq <command> [options]

              up [--data-dir DIR] [--port N] [--profile NAME]    create local keys, certificates, a dev identity and an AWS CLI profile, then serve (after db migrate)
              serve [ASP.NET options]                            serve with the configuration given (appsettings, SecureQueue__* env, --key=value)
              policy validate|lint|test|simulate|replay [--json] policy-as-code checks (secq policy --help)
              keys status|rotate|signing-key                     key-encryption keys, data keys, message signing keys
              db migrate --connection CS [--gateway-role NAME]   apply the schema as its owner; create and grant the gateway's role
              audit verify [--checkpoints FILE] [--json]         check the log's hash chain and signed checkpoints (secq audit --help)
              audit export --to DIR [--format cloudtrail|ocsf]   export the sealed log as CloudTrail/OCSF files with signed digests
              audit validate-export DIR --public-key FILE        check an export offline: every file present, unmodified, in sequence
              report --format html|json --out FILE [--from T]    the compliance report: integrity, coverage, posture, PCI DSS 10 (secq report --help)
            """);
        return 0;
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"secq: {message}");
        Print(Console.Error);
        return 64;
    }
}
