using SecureQueue.Gateway.Sqs.Protocol;

namespace SecureQueue.Gateway.Sqs;

public enum SqsProtocol
{
    Json,
    Query,
}

/// <summary>Where a call came from and over what, as the audit envelope and policy context need it.</summary>
public sealed record RequestOrigin(string Host, string SourceIp, string? UserAgent, bool SecureTransport, string? TlsVersion, string? TlsCipher, string Path);

/// <summary>A decoded call: which action, in which protocol, with which parameters.</summary>
public sealed record ApiCall(Guid RequestId, SqsProtocol Protocol, string Action, SqsParameters Parameters, RequestOrigin Origin);

/// <summary>The authenticated caller of a call.</summary>
public sealed record Caller(string PrincipalArn, string AccessKeyId, string UserName, Identity.IdentityRecord Identity);
