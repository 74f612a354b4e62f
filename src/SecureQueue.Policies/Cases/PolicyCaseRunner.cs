using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Evaluation;

namespace SecureQueue.Policies.Cases;

/// <summary>The outcome of one case: the decision, and why it failed (empty when it passed).</summary>
public sealed record PolicyCaseResult(PolicyCase Case, SimulationResult Simulation, IReadOnlyList<string> Failures)
{
    public bool Passed => Failures.Count == 0;
}

/// <summary>Runs golden cases against policies the caller has loaded; reads no files itself.</summary>
public static class PolicyCaseRunner
{
    public static PolicyCaseResult Run(
        PolicyCase policyCase, IReadOnlyList<PolicyDocument> guardrails, IReadOnlyList<PolicyDocument> identityPolicies, PolicyDocument? queuePolicy)
    {
        ArgumentNullException.ThrowIfNull(policyCase);
        var request = PolicySimulation.Request(policyCase.Principal, policyCase.Action, policyCase.Resource, policyCase.Context);
        var simulation = PolicySimulation.Run(request, guardrails, identityPolicies, queuePolicy);
        var decision = simulation.Decision;
        var failures = new List<string>();
        if (decision.Outcome != policyCase.Expect)
        {
            failures.Add($"expected {policyCase.Expect.ToEvalDecision()}, got {decision.Outcome.ToEvalDecision()}");
        }

        if (policyCase.ExpectMatchedSid is { } sid && !decision.MatchedStatements.Any(s => s.Sid == sid))
        {
            var matched = decision.MatchedStatements.Count == 0 ? "none" : string.Join(", ", decision.MatchedStatements.Select(Describe));
            failures.Add($"expected a matched statement with Sid {sid}; matched: {matched}");
        }

        return new PolicyCaseResult(policyCase, simulation, failures);
    }

    private static string Describe(StatementTrace trace) => trace.Sid is null ? $"{trace.Source} Statement[{trace.StatementIndex}]" : $"{trace.Source}#{trace.Sid}";
}
