using System.Collections.Concurrent;
using System.Text;
using SecureQueue.Policies.Documents;

namespace SecureQueue.Gateway.Authorization;

/// <summary>
/// Queue policies (the SQS <c>Policy</c> attribute): validated against SQS's limits when set, and compiled
/// once per distinct document, not per call.
/// </summary>
public sealed class QueuePolicies
{
    public const int MaxBytes = 8192;
    public const int MaxStatements = 20;
    public const int MaxPrincipals = 50;
    public const int MaxConditions = 10;
    private const int CacheLimit = 10_000;

    private readonly ConcurrentDictionary<(string Arn, string Json), PolicyDocument> compiled = new();

    /// <summary>Parses a Policy attribute value for a queue; a document it refuses throws <see cref="InvalidResourcePolicyException"/> naming the first errors.</summary>
    public static PolicyDocument Validate(string json, string queueArn)
    {
        if (Encoding.UTF8.GetByteCount(json) > MaxBytes)
        {
            throw new InvalidResourcePolicyException($"The policy is larger than {MaxBytes} bytes.");
        }

        var result = PolicyDocument.Parse(json, queueArn, PolicyKind.Resource);
        if (result.Document is not { } document)
        {
            var first = string.Join("; ", result.Errors.Take(3).Select(e => $"line {e.Line}, column {e.Column}: {e.Code}: {e.Message}"));
            throw new InvalidResourcePolicyException(first);
        }

        var size = document.Size;
        var reason = size switch
        {
            { Statements: > MaxStatements } => $"at most {MaxStatements} statements are allowed",
            { Principals: > MaxPrincipals } => $"at most {MaxPrincipals} principals are allowed",
            { Conditions: > MaxConditions } => $"at most {MaxConditions} conditions are allowed",
            _ => null,
        };
        return reason is null ? document : throw new InvalidResourcePolicyException($"{reason}.");
    }

    /// <summary>The compiled policy of a stored attribute value (already validated when it was set).</summary>
    public PolicyDocument? For(string queueArn, string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        if (compiled.TryGetValue((queueArn, json), out var document))
        {
            return document;
        }

        if (compiled.Count >= CacheLimit)
        {
            compiled.Clear();
        }

        return compiled[(queueArn, json)] = Validate(json, queueArn);
    }
}

/// <summary>A resource policy the gateway refuses to store; each protocol words it as its own error.</summary>
public sealed class InvalidResourcePolicyException(string reason) : Exception(reason);
