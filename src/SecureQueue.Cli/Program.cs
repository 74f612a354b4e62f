using SecureQueue.Cli.Commands;

// secq <verb> [options]: thin dispatch; each verb lives in Commands/.
try
{
    return args switch
    {
        ["up", .. var rest] => await UpCommand.RunAsync(rest),
        ["serve", .. var rest] => await ServeCommand.RunAsync(rest, new Dictionary<string, string?>()),
        ["policy", .. var rest] => await PolicyCommand.RunAsync(rest, Console.Out, Console.Error),
        ["keys", .. var rest] => await KeysCommand.RunAsync(rest, Console.Out, Console.Error),
        ["db", .. var rest] => await DbCommand.RunAsync(rest, Console.Out, Console.Error),
        ["audit", .. var rest] => await AuditCommand.RunAsync(rest, Console.Out, Console.Error),
        ["report", .. var rest] => await ReportCommand.RunAsync(rest, Console.Out, Console.Error),
        ["--help" or "-h" or "help"] or [] => Usage.Print(Console.Out),
        _ => Usage.Fail($"unknown command '{args[0]}'"),
    };
}
catch (InvalidOperationException exception)
{
    // Start-up refusals (missing or unsafe settings) are the operator's to fix: say which, without a stack trace.
    Console.Error.WriteLine($"secq: {exception.Message}");
    return 2;
}
