using SecureQueue.Policies.Documents;

namespace SecureQueue.Policies.Evaluation;

/// <summary>One statement considered by an evaluation: where it is, and whether it matched (<see cref="Mismatch"/> is null) or why not.</summary>
public sealed record StatementTrace(
    PolicyKind PolicyKind,
    string Source,
    string? PolicyId,
    int StatementIndex,
    string? Sid,
    PolicyEffect Effect,
    int Line,
    int Column,
    StatementMismatch? Mismatch)
{
    /// <summary>True when principal, action, resource and every condition matched.</summary>
    public bool Matched => Mismatch is null;

    /// <summary>E.g. <c>policies/app.json Statement[1] (Sid AllowSend) Allow: matched</c>.</summary>
    public override string ToString() =>
        $"{Source} Statement[{StatementIndex}]{(Sid is null ? "" : $" (Sid {Sid})")} {Effect}: {(Mismatch is null ? "matched" : Mismatch.ToString())}";
}
