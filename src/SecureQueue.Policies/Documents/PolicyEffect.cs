namespace SecureQueue.Policies.Documents;

/// <summary>The <c>Effect</c> of a statement.</summary>
public enum PolicyEffect
{
    /// <summary>The statement grants the request when it matches.</summary>
    Allow,

    /// <summary>The statement denies the request when it matches, whatever else allows it.</summary>
    Deny,
}
