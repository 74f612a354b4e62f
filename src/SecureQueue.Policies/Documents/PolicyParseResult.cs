namespace SecureQueue.Policies.Documents;

/// <summary>Either a compiled document or every error found in it, never both.</summary>
public sealed class PolicyParseResult
{
    internal PolicyParseResult(PolicyDocument? document, IReadOnlyList<PolicyError> errors)
    {
        Document = document;
        Errors = errors;
    }

    /// <summary>The compiled document; null when <see cref="Errors"/> is not empty.</summary>
    public PolicyDocument? Document { get; }

    /// <summary>Every error, in document order as far as one pass allows.</summary>
    public IReadOnlyList<PolicyError> Errors { get; }

    /// <summary>True when the document compiled without errors.</summary>
    public bool Succeeded => Document is not null;
}
