using System.Text.Json;
using SecureQueue.Policies.Cases;
using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Evaluation;

namespace SecureQueue.Cli.Commands;

/// <summary>
/// Renders a decision the way the IAM policy simulator reports one (EvalDecision, MatchedStatements with source and position,
/// MissingContextValues), plus every statement and why it did or did not match.
/// </summary>
internal static class PolicyExplanation
{
    public static void WriteText(TextWriter output, SimulationResult simulation, string indent)
    {
        var decision = simulation.Decision;
        output.WriteLine($"{indent}EvalDecision: {decision.Outcome.ToEvalDecision()}");
        if (!decision.IsAllowed)
        {
            output.WriteLine($"{indent}Reason: {decision.ToAccessDeniedMessage()}");
        }

        output.WriteLine($"{indent}Context:{(decision.Request.Context.Keys.Any() ? "" : " none")}");
        foreach (var key in decision.Request.Context.Keys.Order(StringComparer.OrdinalIgnoreCase))
        {
            decision.Request.Context.TryGetValues(key, out var values);
            output.WriteLine($"{indent}  {key} = {string.Join(", ", values)}");
        }

        output.WriteLine($"{indent}MatchedStatements:{(decision.MatchedStatements.Count == 0 ? " none" : "")}");
        foreach (var trace in decision.MatchedStatements)
        {
            output.WriteLine($"{indent}  {Describe(trace)}");
        }

        output.WriteLine($"{indent}Statements:{(decision.Statements.Count == 0 ? " none" : "")}");
        foreach (var trace in decision.Statements)
        {
            output.WriteLine($"{indent}  {Describe(trace)}: {(trace.Mismatch is null ? "matched" : trace.Mismatch.ToString())}");
        }

        output.WriteLine($"{indent}MissingContextValues: {(simulation.MissingContextValues.Count == 0 ? "none" : string.Join(", ", simulation.MissingContextValues))}");
    }

    /// <summary>One simulator <c>EvaluationResult</c>, with our additions (PrincipalArn, DenyMessage, ContextEntries, StatementTraces).</summary>
    public static void WriteJson(Utf8JsonWriter json, SimulationResult simulation)
    {
        var decision = simulation.Decision;
        json.WriteStartObject();
        json.WriteString("EvalActionName", decision.Request.Action);
        json.WriteString("EvalResourceName", decision.Request.Resource);
        json.WriteString("EvalDecision", decision.Outcome.ToEvalDecision());
        json.WriteString("PrincipalArn", decision.Request.PrincipalArn);
        if (!decision.IsAllowed)
        {
            json.WriteString("DenyMessage", decision.ToAccessDeniedMessage());
        }

        json.WriteStartArray("MatchedStatements");
        foreach (var trace in decision.MatchedStatements)
        {
            WriteTrace(json, trace);
        }

        json.WriteEndArray();
        json.WriteStrings("MissingContextValues", simulation.MissingContextValues);

        // Guardrails play the part of SCPs, which the simulator reports here.
        json.WriteStartObject("OrganizationsDecisionDetail");
        json.WriteBoolean("AllowedByOrganizations", !decision.MatchedStatements.Any(s => s.PolicyKind == PolicyKind.Guardrail));
        json.WriteEndObject();
        json.WriteStartArray("ContextEntries");
        foreach (var key in decision.Request.Context.Keys.Order(StringComparer.OrdinalIgnoreCase))
        {
            decision.Request.Context.TryGetValues(key, out var values);
            json.WriteStartObject();
            json.WriteString("ContextKeyName", key);
            json.WriteStrings("ContextKeyValues", values);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("StatementTraces");
        foreach (var trace in decision.Statements)
        {
            WriteTrace(json, trace);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteTrace(Utf8JsonWriter json, StatementTrace trace)
    {
        json.WriteStartObject();
        json.WriteString("SourcePolicyId", trace.Source);
        json.WriteString("SourcePolicyType", trace.PolicyKind.Name());
        json.WritePosition("StartPosition", trace.Line, trace.Column);
        json.WriteNumber("StatementIndex", trace.StatementIndex);
        if (trace.Sid is not null)
        {
            json.WriteString("Sid", trace.Sid);
        }

        json.WriteString("Effect", trace.Effect.ToString());
        json.WriteBoolean("Matched", trace.Matched);
        if (trace.Mismatch is { } mismatch)
        {
            json.WriteString("MismatchReason", mismatch.Reason.ToString());
            if (mismatch.ConditionKey is not null)
            {
                json.WriteString("ConditionOperator", mismatch.ConditionOperator);
                json.WriteString("ConditionKey", mismatch.ConditionKey);
                json.WriteBoolean("ConditionKeyMissing", mismatch.ConditionKeyMissing);
            }

            json.WriteString("Explanation", mismatch.ToString());
        }

        json.WriteEndObject();
    }

    private static string Describe(StatementTrace trace) =>
        $"{trace.PolicyKind.Name(),-9} {trace.Source}:{trace.Line}:{trace.Column} Statement[{trace.StatementIndex}]{(trace.Sid is null ? "" : $" (Sid {trace.Sid})")} {trace.Effect}";
}
