using SecureQueue.Cli.Commands;

// secq <command> [options]: the command tree and its exit codes live in Commands/SecqCommandLine.cs.
return await SecqCommandLine.RunAsync(args, Console.Out, Console.Error);
