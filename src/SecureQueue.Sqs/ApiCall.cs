using SecureQueue.Sqs.Protocol;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Sqs;

internal enum SqsProtocol
{
    Json,
    Query,
}

/// <summary>A decoded call: which action, in which protocol, with which parameters.</summary>
internal sealed record ApiCall(Guid RequestId, SqsProtocol Protocol, string Action, SqsParameters Parameters, RequestOrigin Origin);
