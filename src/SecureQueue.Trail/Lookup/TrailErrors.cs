using SecureQueue.Gateway.Authentication;
using SecureQueue.Log.Events;

namespace SecureQueue.Trail.Lookup;

/// <summary>One CloudTrail error on the wire: the JSON 1.1 <c>__type</c> and its HTTP status.</summary>
internal sealed record TrailErrorCode(string Type, int Status);

/// <summary>The one exception type for errors a CloudTrail caller is told about; <see cref="TrailErrors"/> builds them.</summary>
internal sealed class TrailException(TrailErrorCode code, string message) : CallFailedException(message)
{
    public TrailErrorCode Code { get; } = code;

    public override string ErrorCode => Code.Type;

    /// <summary>Extra response headers the error needs (an RFC 6750 <c>WWW-Authenticate</c> challenge).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Every error the CloudTrail endpoint answers with, in one place. LookupEvents' own errors are the botocore model's
/// (all 400). Authentication and authorization failures are worded as CloudTrail's JSON 1.1 (Coral) service words them
/// — <c>UnrecognizedClientException</c>, <c>InvalidSignatureException</c> (which AWS SDKs also take as a clock-skew
/// hint) — not with the Query protocol's codes SQS uses.
/// </summary>
internal static class TrailErrors
{
    public static readonly TrailErrorCode InvalidLookupAttributesCode = new("InvalidLookupAttributesException", 400);
    public static readonly TrailErrorCode InvalidTimeRangeCode = new("InvalidTimeRangeException", 400);
    public static readonly TrailErrorCode InvalidMaxResultsCode = new("InvalidMaxResultsException", 400);
    public static readonly TrailErrorCode InvalidNextTokenCode = new("InvalidNextTokenException", 400);
    public static readonly TrailErrorCode InvalidEventCategoryCode = new("InvalidEventCategoryException", 400);
    public static readonly TrailErrorCode UnsupportedOperationCode = new("UnsupportedOperationException", 400);
    public static readonly TrailErrorCode OperationNotPermittedCode = new("OperationNotPermittedException", 400);
    public static readonly TrailErrorCode ThrottlingCode = new("ThrottlingException", 400);
    public static readonly TrailErrorCode SerializationCode = new("SerializationException", 400);
    public static readonly TrailErrorCode AccessDeniedCode = new("AccessDeniedException", 400);
    public static readonly TrailErrorCode MissingAuthenticationTokenCode = new("MissingAuthenticationTokenException", 400);
    public static readonly TrailErrorCode IncompleteSignatureCode = new("IncompleteSignatureException", 400);
    public static readonly TrailErrorCode UnrecognizedClientCode = new("UnrecognizedClientException", 400);
    public static readonly TrailErrorCode InvalidSignatureCode = new("InvalidSignatureException", 400);
    public static readonly TrailErrorCode InvalidTokenCode = new("InvalidToken", 401);
    public static readonly TrailErrorCode RequestTooLargeCode = new("RequestEntityTooLarge", 413);
    public static readonly TrailErrorCode RequestAbortedCode = new("RequestAborted", 499);
    public static readonly TrailErrorCode InternalFailureCode = new("InternalFailure", 500);

    public static TrailException InvalidLookupAttributes(string message) => new(InvalidLookupAttributesCode, message);

    public static TrailException InvalidTimeRange(string message) => new(InvalidTimeRangeCode, message);

    public static TrailException InvalidMaxResults() => new(InvalidMaxResultsCode, "MaxResults must be an integer from 1 to 50.");

    public static TrailException InvalidNextToken() =>
        new(InvalidNextTokenCode, "The NextToken is not valid, or was issued for a request with different parameters.");

    /// <summary>Over <see cref="LookupRateLimit"/>: CloudTrail's code and words, which AWS SDKs retry with backoff.</summary>
    public static TrailException Throttled() => new(ThrottlingCode, "Rate exceeded");

    public static TrailException InvalidEventCategory() => new(InvalidEventCategoryCode, "EventCategory must be 'insight'.");

    // This gateway computes no Insights events; an empty answer would read as "no anomalies".
    public static TrailException InsightsNotRecorded() =>
        new(OperationNotPermittedCode, "This endpoint records no Insights events: look up management and data events without EventCategory.");

    public static TrailException UnsupportedOperation(string? operation) =>
        new(UnsupportedOperationCode, $"The operation {Sample(operation)} is not supported by this endpoint; it serves LookupEvents only.");

    public static TrailException Serialization(string message) => new(SerializationCode, message);

    public static TrailException AccessDenied(string message) => new(AccessDeniedCode, message);

    public static TrailException RequestTooLarge(int limit) => new(RequestTooLargeCode, $"Request body must be at most {limit} bytes.");

    public static TrailException RequestAborted() => new(RequestAbortedCode, "The client closed the connection before the answer.");

    public static TrailException InternalFailure() =>
        new(InternalFailureCode, "The request processing has failed because of an unknown error, exception or failure.");

    public static TrailException Authentication(AuthenticationResult result)
    {
        var (code, message) = result.Failure switch
        {
            AuthenticationFailure.MissingCredentials => (MissingAuthenticationTokenCode, "Missing Authentication Token"),
            AuthenticationFailure.IncompleteSignature => (IncompleteSignatureCode, result.Message),
            AuthenticationFailure.UnknownCredential => (UnrecognizedClientCode, "The security token included in the request is invalid."),
            AuthenticationFailure.SignatureMismatch or AuthenticationFailure.Expired => (InvalidSignatureCode, result.Message),
            AuthenticationFailure.InvalidBearerToken => (InvalidTokenCode, result.Message),
            _ => throw new InvalidOperationException("A successful authentication has no error."),
        };
        return new TrailException(code, message)
        {
            Headers = result.Challenge is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["WWW-Authenticate"] = result.Challenge },
        };
    }

    /// <summary>An operation name as the caller sent it, cut to what an operation name can hold, so a message never carries arbitrary text.</summary>
    private static string Sample(string? value) =>
        value is null or "" ? "(none)" : new string(value.Take(64).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '?').ToArray());
}
