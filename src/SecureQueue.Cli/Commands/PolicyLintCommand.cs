using System.CommandLine;
using SecureQueue.Policies.Linting;

namespace SecureQueue.Cli.Commands;

/// <summary>
/// <c>secq policy lint</c>: Access-Analyzer-style findings for every policy. Fails (exit 1) on ERROR or SECURITY_WARNING, as
/// cfn-policy-validator does by default; <c>--strict</c> fails on WARNING too. Suggestions never fail.
/// </summary>
internal static class PolicyLintCommand
{
    public static Command Create() => new Command("lint", "Access-Analyzer-style findings (ERROR, SECURITY_WARNING, WARNING, SUGGESTION); exit 1 on an error or security warning.")
    {
        PolicyCommand.PolicyPaths(), PolicyCommand.Kind(), Declare.Flag("--strict", "fail on WARNING too"), PolicyCommand.Json(),
    }.WithAction(options => PolicyCommand.Guarded(options, Run));

    private static int Run(CommandOptions arguments)
    {
        var (output, error) = (arguments.Output, arguments.Error);
        if (!PolicyValidateCommand.TryKind(arguments, out var kind)
            || !PolicyFiles.TryFindPolicies(arguments.Paths, kind, error, out var files))
        {
            return PolicyCommand.UsageError;
        }

        if (files.Count == 0)
        {
            return PolicyValidateCommand.NothingFound(error, "policy files");
        }

        var strict = arguments.Has("--strict");
        var reports = files.Select(f => (File: f, Report: PolicyLinter.Lint(File.ReadAllText(f.FullPath), f.Display, f.Kind))).ToList();
        var counts = Enum.GetValues<FindingType>().ToDictionary(t => t, t => reports.Sum(r => r.Report.Findings.Count(f => f.Type == t)));
        var failed = reports.Any(r => r.Report.Fails(strict));
        if (arguments.Has("--json"))
        {
            PolicyJsonOutput.Write(output, json =>
            {
                json.WriteStartObject();
                json.WriteStartArray("files");
                foreach (var (file, report) in reports)
                {
                    json.WriteStartObject();
                    json.WriteString("path", file.Display);
                    json.WriteString("kind", file.Kind.Name());
                    json.WriteStartArray("findings");
                    foreach (var finding in report.Findings)
                    {
                        // Access Analyzer's ValidatePolicy finding shape, with one location per finding.
                        json.WriteStartObject();
                        json.WriteString("findingType", finding.Type.ToName());
                        json.WriteString("issueCode", finding.Code);
                        json.WriteString("findingDetails", finding.Message);
                        json.WriteStartArray("locations");
                        json.WriteStartObject();
                        json.WriteString("path", finding.Path);
                        json.WriteStartObject("span");
                        json.WriteStartObject("start");
                        json.WriteNumber("line", finding.Line);
                        json.WriteNumber("column", finding.Column);
                        json.WriteEndObject();
                        json.WriteEndObject();
                        json.WriteEndObject();
                        json.WriteEndArray();
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartObject("summary");
                json.WriteNumber("files", reports.Count);
                foreach (var (type, count) in counts)
                {
                    json.WriteNumber(type.ToName(), count);
                }

                json.WriteBoolean("strict", strict);
                json.WriteBoolean("failed", failed);
                json.WriteEndObject();
                json.WriteEndObject();
            });
        }
        else
        {
            foreach (var finding in reports.SelectMany(r => r.Report.Findings))
            {
                output.WriteLine(finding.ToString());
            }

            output.WriteLine(
                $"{reports.Count} {PolicyValidateCommand.Plural(reports.Count, "policy", "policies")}: "
                + $"{counts[FindingType.Error]} {PolicyValidateCommand.Plural(counts[FindingType.Error], "error", "errors")}, "
                + $"{counts[FindingType.SecurityWarning]} security {PolicyValidateCommand.Plural(counts[FindingType.SecurityWarning], "warning", "warnings")}, "
                + $"{counts[FindingType.Warning]} {PolicyValidateCommand.Plural(counts[FindingType.Warning], "warning", "warnings")}, "
                + $"{counts[FindingType.Suggestion]} {PolicyValidateCommand.Plural(counts[FindingType.Suggestion], "suggestion", "suggestions")}"
                + (failed ? $" — failed{(strict ? " (--strict)" : "")}" : ""));
        }

        return failed ? PolicyCommand.Findings : PolicyCommand.Ok;
    }
}
