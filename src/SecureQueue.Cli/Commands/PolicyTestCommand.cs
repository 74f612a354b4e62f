using System.CommandLine;
using System.Text.Json;
using SecureQueue.Policies.Cases;
using SecureQueue.Policies.Documents;

namespace SecureQueue.Cli.Commands;

/// <summary>
/// <c>secq policy test</c>: runs the golden cases of every <c>*.cases.json</c>, printing <c>ok</c>/<c>FAIL</c> per case and a
/// summary as <c>opa test</c> does. A failure shows expected against actual and the whole decision explanation.
/// </summary>
internal static class PolicyTestCommand
{
    private const string Rule = "--------------------------------------------------------------------------------";

    /// <summary>One case's outcome: a result, or the problems (missing or invalid policy files) that kept it from running.</summary>
    private sealed record Outcome(PolicyCase Case, PolicyCaseResult? Result, IReadOnlyList<string> Problems)
    {
        public bool Passed => Result is { Passed: true } && Problems.Count == 0;
    }

    private sealed record FileRun(string Display, IReadOnlyList<PolicyError> Errors, IReadOnlyList<Outcome> Outcomes);

    public static Command Create() => new Command("test", "Run the golden cases in **/*.cases.json; a failure shows expected against actual and the explanation.")
    {
        Declare.Paths("case files or directories (default: policies/)"), PolicyCommand.Json(),
    }.WithAction(options => PolicyCommand.Guarded(options, Run));

    private static int Run(CommandOptions arguments)
    {
        var (output, error) = (arguments.Output, arguments.Error);
        if (!PolicyFiles.TryFindCaseFiles(arguments.Paths, error, out var caseFiles))
        {
            return PolicyCommand.UsageError;
        }

        if (caseFiles.Count == 0)
        {
            return PolicyValidateCommand.NothingFound(error, $"case files (*{PolicyFiles.CaseSuffix})");
        }

        var loader = new PolicyLoader();
        var runs = caseFiles.Select(f => RunFile(f, loader)).ToList();
        var outcomes = runs.SelectMany(r => r.Outcomes).ToList();
        var passed = outcomes.Count(o => o.Passed);
        var errors = runs.Sum(r => r.Errors.Count);
        if (arguments.Has("--json"))
        {
            PolicyJsonOutput.Write(output, json => WriteJson(json, runs, passed, outcomes.Count, errors));
        }
        else
        {
            WriteText(output, runs, passed, outcomes.Count, errors);
        }

        return passed == outcomes.Count && errors == 0 ? PolicyCommand.Ok : PolicyCommand.Findings;
    }

    private static FileRun RunFile(string caseFile, PolicyLoader loader)
    {
        var display = PolicyFiles.Display(caseFile);
        var parsed = PolicyCaseFile.Parse(File.ReadAllText(caseFile), display);
        var directory = Path.GetDirectoryName(caseFile)!;
        var defaultGuardrails = FindGuardrailsDirectory(directory);
        var outcomes = new List<Outcome>();
        foreach (var policyCase in parsed.Cases)
        {
            // File names in a case are relative to the case file, so a policies/ tree can be moved or copied whole.
            var problems = new List<string>();
            var identity = policyCase.IdentityPolicies.Select(p => loader.Load(Path.Combine(directory, p), PolicyKind.Identity, problems)).ToList();
            var queue = policyCase.QueuePolicy is { } q ? loader.Load(Path.Combine(directory, q), PolicyKind.Resource, problems) : null;
            var guardrails = policyCase.Guardrails is { } named
                ? named.SelectMany(g => loader.LoadGuardrails(Path.Combine(directory, g), problems)).ToList()
                : defaultGuardrails is null ? [] : loader.LoadGuardrails(defaultGuardrails, problems);
            var result = problems.Count == 0
                ? PolicyCaseRunner.Run(policyCase, guardrails, [.. identity.OfType<PolicyDocument>()], queue)
                : null;
            outcomes.Add(new Outcome(policyCase, result, problems));
        }

        return new FileRun(display, parsed.Errors, outcomes);
    }

    /// <summary>The default guardrails: the <c>guardrails/</c> directory of the nearest ancestor that has one, the case file's own directory first.</summary>
    private static string? FindGuardrailsDirectory(string directory)
    {
        for (var current = directory; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            var candidate = Path.Combine(current, "guardrails");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static void WriteText(TextWriter output, List<FileRun> runs, int passed, int total, int errors)
    {
        foreach (var run in runs)
        {
            output.WriteLine(run.Display);
            foreach (var e in run.Errors)
            {
                output.WriteLine($"  ERROR {e.Source}:{e.Line}:{e.Column}: {e.Code}: {e.Message}");
            }

            foreach (var outcome in run.Outcomes)
            {
                output.WriteLine($"  {(outcome.Passed ? "ok  " : "FAIL")}  {outcome.Case.Name}");
                if (outcome.Passed)
                {
                    continue;
                }

                output.WriteLine($"        at {outcome.Case.Source}:{outcome.Case.Line}:{outcome.Case.Column}: {outcome.Case.Principal} {outcome.Case.Action} {outcome.Case.Resource}");
                foreach (var line in outcome.Problems.Concat(outcome.Result?.Failures ?? []))
                {
                    output.WriteLine($"        {line}");
                }

                if (outcome.Result is { } result)
                {
                    PolicyExplanation.WriteText(output, result.Simulation, "        ");
                }
            }
        }

        output.WriteLine(Rule);
        output.WriteLine($"PASS: {passed}/{total}");
        if (passed < total)
        {
            output.WriteLine($"FAIL: {total - passed}/{total}");
        }

        if (errors > 0)
        {
            output.WriteLine($"ERROR: {errors} case file {PolicyValidateCommand.Plural(errors, "error", "errors")}");
        }
    }

    private static void WriteJson(Utf8JsonWriter json, List<FileRun> runs, int passed, int total, int errors)
    {
        json.WriteStartObject();
        json.WriteStartArray("files");
        foreach (var run in runs)
        {
            json.WriteStartObject();
            json.WriteString("path", run.Display);
            json.WriteErrors("errors", run.Errors);
            json.WriteStartArray("cases");
            foreach (var outcome in run.Outcomes)
            {
                json.WriteStartObject();
                json.WriteString("name", outcome.Case.Name);
                json.WriteNumber("line", outcome.Case.Line);
                json.WriteString("result", outcome.Passed ? "ok" : "FAIL");
                json.WriteString("expected", outcome.Case.Expect.ToEvalDecision());
                if (outcome.Result is { } result)
                {
                    json.WriteString("actual", result.Simulation.Decision.Outcome.ToEvalDecision());
                }

                json.WriteStrings("failures", outcome.Problems.Concat(outcome.Result?.Failures ?? []));
                if (outcome.Result is { } evaluated)
                {
                    json.WritePropertyName("evaluation");
                    PolicyExplanation.WriteJson(json, evaluated.Simulation);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("summary");
        json.WriteNumber("passed", passed);
        json.WriteNumber("failed", total - passed);
        json.WriteNumber("total", total);
        json.WriteNumber("errors", errors);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
