using SecureQueue.Policies.Documents;

namespace SecureQueue.Policies.Linting;

/// <summary>Every finding for one document, in document order; <see cref="Document"/> is null when it did not compile.</summary>
public sealed class LintReport
{
    internal LintReport(PolicyDocument? document, IReadOnlyList<LintFinding> findings)
    {
        Document = document;
        Findings = findings;
    }

    public PolicyDocument? Document { get; }

    public IReadOnlyList<LintFinding> Findings { get; }

    /// <summary>
    /// True when a CI gate should fail: any ERROR or SECURITY_WARNING (the cfn-policy-validator convention), and with
    /// <paramref name="strict"/> any WARNING too. Suggestions never fail.
    /// </summary>
    public bool Fails(bool strict) => Findings.Any(f => f.Type is FindingType.Error or FindingType.SecurityWarning
        || (strict && f.Type == FindingType.Warning));
}
