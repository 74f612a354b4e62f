using System.CommandLine;
using SecureQueue.Policies.Documents;

namespace SecureQueue.Cli.Commands;

/// <summary><c>secq policy validate</c>: parse every policy and report every grammar error, <c>file:line:column: CODE: message</c>.</summary>
internal static class PolicyValidateCommand
{
    public static Command Create() => new Command("validate", "Parse every policy (default: policies/) and report every grammar error, file:line:column: CODE: message.")
    {
        PolicyCommand.PolicyPaths(), PolicyCommand.Kind(), PolicyCommand.Json(),
    }.WithAction(options => PolicyCommand.Guarded(options, Run));

    private static int Run(CommandOptions arguments)
    {
        var (output, error) = (arguments.Output, arguments.Error);
        if (!TryKind(arguments, out var kind)
            || !PolicyFiles.TryFindPolicies(arguments.Paths, kind, error, out var files))
        {
            return PolicyCommand.UsageError;
        }

        if (files.Count == 0)
        {
            return NothingFound(error, "policy files");
        }

        var results = files.Select(f => (File: f, Result: PolicyDocument.Parse(File.ReadAllText(f.FullPath), f.Display, f.Kind))).ToList();
        var invalid = results.Count(r => !r.Result.Succeeded);
        var errors = results.Sum(r => r.Result.Errors.Count);
        if (arguments.Has("--json"))
        {
            PolicyJsonOutput.Write(output, json =>
            {
                json.WriteStartObject();
                json.WriteStartArray("files");
                foreach (var (file, result) in results)
                {
                    json.WriteStartObject();
                    json.WriteString("path", file.Display);
                    json.WriteString("kind", file.Kind.Name());
                    json.WriteBoolean("valid", result.Succeeded);
                    json.WriteErrors("errors", result.Errors);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartObject("summary");
                json.WriteNumber("files", results.Count);
                json.WriteNumber("invalid", invalid);
                json.WriteNumber("errors", errors);
                json.WriteEndObject();
                json.WriteEndObject();
            });
        }
        else
        {
            foreach (var (file, result) in results)
            {
                output.WriteLine(result.Succeeded ? $"ok    {file.Display} ({file.Kind.Name()})" : $"FAIL  {file.Display} ({file.Kind.Name()})");
                foreach (var e in result.Errors)
                {
                    output.WriteLine($"{e.Source}:{e.Line}:{e.Column}: {e.Code}: {e.Message}");
                }
            }

            output.WriteLine($"{results.Count} {Plural(results.Count, "policy", "policies")}: {results.Count - invalid} valid, {invalid} invalid, {errors} {Plural(errors, "error", "errors")}");
        }

        return invalid > 0 ? PolicyCommand.Findings : PolicyCommand.Ok;
    }

    /// <summary>Reads <c>--kind</c>; false after reporting an unknown kind.</summary>
    public static bool TryKind(CommandOptions arguments, out PolicyKind? kind)
    {
        var text = arguments.One("--kind");
        kind = PolicyFiles.ParseKind(text);
        if (text is not null && kind is null)
        {
            arguments.Fail($"--kind must be identity, resource or guardrail, not '{text}'");
            return false;
        }

        return true;
    }

    /// <summary>An empty run is a misconfigured job (wrong path), not a passing one.</summary>
    public static int NothingFound(TextWriter error, string what)
    {
        error.WriteLine($"secq policy: no {what} found");
        return PolicyCommand.UsageError;
    }

    public static string Plural(int count, string one, string many) => count == 1 ? one : many;
}
