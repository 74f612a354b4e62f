using SecureQueue.Gateway.Identity;

namespace SecureQueue.Gateway.Authentication;

/// <summary>Why a request's credentials were not accepted; each protocol maps these to its own wire errors.</summary>
public enum AuthenticationFailure
{
    /// <summary>No credential at all.</summary>
    MissingCredentials,

    /// <summary>A signature whose parts are missing or malformed.</summary>
    IncompleteSignature,

    /// <summary>A well-formed credential that names no identity (unknown access key or certificate).</summary>
    UnknownCredential,

    /// <summary>A signature that does not verify.</summary>
    SignatureMismatch,

    /// <summary>A signature outside the allowed time window.</summary>
    Expired,

    /// <summary>A bearer token that is not accepted (RFC 6750 <c>invalid_token</c> or <c>invalid_request</c>).</summary>
    InvalidBearerToken,
}

/// <summary>
/// What authentication decided: the caller, or why not. Either way it carries the credential id the request named
/// (an access key id parsed before verification, for the audit of a failure) and, for bearer tokens, the RFC 6750
/// challenge a failure answers with. Messages are safe to return: they never hold a secret or token content.
/// </summary>
public sealed record AuthenticationResult
{
    private AuthenticationResult(Caller? caller, AuthenticationFailure? failure, string message, string? accessKeyId, string? challenge)
    {
        Caller = caller;
        Failure = failure;
        Message = message;
        AccessKeyId = accessKeyId;
        Challenge = challenge;
    }

    public Caller? Caller { get; }

    public AuthenticationFailure? Failure { get; }

    public string Message { get; }

    /// <summary>The SigV4 access key id the request named, verified or not.</summary>
    public string? AccessKeyId { get; }

    /// <summary>The <c>WWW-Authenticate</c> value a failure answers with, when the scheme has one.</summary>
    public string? Challenge { get; }

    public static AuthenticationResult Success(Caller caller) => new(caller, null, string.Empty, caller.AccessKeyId, null);

    public static AuthenticationResult Fail(AuthenticationFailure failure, string message, string? accessKeyId = null, string? challenge = null) =>
        new(null, failure, message, accessKeyId, challenge);
}
