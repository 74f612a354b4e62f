namespace SecureQueue.Policies.Documents;

/// <summary>Where a policy is attached; decides which elements it may and must contain.</summary>
public enum PolicyKind
{
    /// <summary>Attached to a principal: no Principal, NotPrincipal or Id element.</summary>
    Identity,

    /// <summary>A queue's <c>Policy</c> attribute: every statement names a Principal or NotPrincipal.</summary>
    Resource,

    /// <summary>A deny-only boundary over every call, like an SCP: only Deny statements, no Principal.</summary>
    Guardrail,
}
