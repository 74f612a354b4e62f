using SecureQueue.Gateway.Authentication;
using SecureQueue.Log.Events;

namespace SecureQueue.Sts;

/// <summary>One STS error on the wire: its code (the same in Query and JSON) and HTTP status.</summary>
internal sealed record StsErrorCode(string Code, int Status, bool SenderFault = true);

/// <summary>The one exception type for errors an STS caller is told about; <see cref="StsErrors"/> builds them.</summary>
internal sealed class StsException(StsErrorCode code, string message) : CallFailedException(message)
{
    public StsErrorCode Code { get; } = code;

    public override string ErrorCode => Code.Code;

    /// <summary>Extra response headers the error needs (an RFC 6750 <c>WWW-Authenticate</c> challenge).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}

/// <summary>Every error the STS endpoint answers with, with AWS's codes and statuses, in one place.</summary>
internal static class StsErrors
{
    public static readonly StsErrorCode InvalidActionCode = new("InvalidAction", 400);
    public static readonly StsErrorCode MissingActionCode = new("MissingAction", 400);
    public static readonly StsErrorCode InvalidParameterValueCode = new("InvalidParameterValue", 400);
    public static readonly StsErrorCode SerializationCode = new("SerializationException", 400);
    public static readonly StsErrorCode MissingAuthenticationTokenCode = new("MissingAuthenticationToken", 403);
    public static readonly StsErrorCode IncompleteSignatureCode = new("IncompleteSignature", 400);
    public static readonly StsErrorCode InvalidClientTokenIdCode = new("InvalidClientTokenId", 403);
    public static readonly StsErrorCode SignatureDoesNotMatchCode = new("SignatureDoesNotMatch", 403);
    public static readonly StsErrorCode RequestExpiredCode = new("RequestExpired", 400);
    public static readonly StsErrorCode InvalidTokenCode = new("InvalidToken", 401);
    public static readonly StsErrorCode AccessDeniedCode = new("AccessDenied", 403);
    public static readonly StsErrorCode RequestTooLargeCode = new("RequestEntityTooLarge", 413);
    public static readonly StsErrorCode RequestAbortedCode = new("RequestAborted", 499);
    public static readonly StsErrorCode InternalFailureCode = new("InternalFailure", 500, SenderFault: false);

    // This gateway issues no temporary credentials: AssumeRole and the rest would hand out keys it could not honour.
    public static StsException InvalidAction(string action) =>
        new(InvalidActionCode, $"Could not find operation {Truncate(action)} for version 2011-06-15: this endpoint serves only GetCallerIdentity.");

    public static StsException MissingAction() => new(MissingActionCode, "The request must contain the parameter Action.");

    public static StsException InvalidVersion(string version) =>
        new(InvalidParameterValueCode, $"Value {Truncate(version)} for parameter Version is invalid: STS serves 2011-06-15.");

    public static StsException Serialization(string message) => new(SerializationCode, message);

    public static StsException AccessDenied(string message) => new(AccessDeniedCode, message);

    public static StsException RequestTooLarge(int limit) => new(RequestTooLargeCode, $"Request body must be at most {limit} bytes.");

    public static StsException RequestAborted() => new(RequestAbortedCode, "The client closed the connection before the answer.");

    public static StsException InternalFailure() =>
        new(InternalFailureCode, "The request processing has failed because of an unknown error, exception or failure.");

    public static StsException Authentication(AuthenticationResult result)
    {
        var (code, message) = result.Failure switch
        {
            AuthenticationFailure.MissingCredentials => (MissingAuthenticationTokenCode, "Request is missing Authentication Token"),
            AuthenticationFailure.IncompleteSignature => (IncompleteSignatureCode, result.Message),
            AuthenticationFailure.UnknownCredential => (InvalidClientTokenIdCode, "The security token included in the request is invalid."),
            AuthenticationFailure.Expired => (RequestExpiredCode, result.Message),
            AuthenticationFailure.InvalidBearerToken => (InvalidTokenCode, result.Message),
            AuthenticationFailure.SignatureMismatch => (SignatureDoesNotMatchCode, result.Message),
            _ => throw new InvalidOperationException("A successful authentication has no error."),
        };
        return new StsException(code, message)
        {
            Headers = result.Challenge is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["WWW-Authenticate"] = result.Challenge },
        };
    }

    /// <summary>Keeps caller-supplied text in error messages and audit events short.</summary>
    private static string Truncate(string value) => value.Length <= 128 ? value : value[..128] + "…";
}
