using SecureQueue.Policies.Evaluation;

namespace SecureQueue.Policies.Cases;

/// <summary>
/// One golden decision from a <c>*.cases.json</c> file: a request, the policies to evaluate it against (file names relative
/// to the case file), and the decision expected. <see cref="Guardrails"/> null means "the default guardrails".
/// </summary>
public sealed record PolicyCase(
    string Name,
    string Principal,
    string Action,
    string Resource,
    RequestContext Context,
    IReadOnlyList<string> IdentityPolicies,
    string? QueuePolicy,
    IReadOnlyList<string>? Guardrails,
    DecisionOutcome Expect,
    string? ExpectMatchedSid)
{
    /// <summary>The case file, as given to <see cref="PolicyCaseFile.Parse"/>.</summary>
    public string Source { get; init; } = "";

    public int Line { get; init; }

    public int Column { get; init; }
}
