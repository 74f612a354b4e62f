using SecureQueue.Sqs.Protocol;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Sqs;

public enum SqsProtocol
{
    Json,
    Query,
}

/// <summary>A decoded call: which action, in which protocol, with which parameters.</summary>
public sealed record ApiCall(Guid RequestId, SqsProtocol Protocol, string Action, SqsParameters Parameters, RequestOrigin Origin);
