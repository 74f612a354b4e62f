namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>The AWS error code a failed verification maps to.</summary>
public enum SigV4Failure
{
    MissingAuthenticationToken,
    IncompleteSignature,
    InvalidClientTokenId,
    SignatureDoesNotMatch,
    RequestExpired,
}
