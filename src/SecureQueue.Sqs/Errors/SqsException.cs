using SecureQueue.Log.Events;

namespace SecureQueue.Sqs.Errors;

/// <summary>
/// How one SQS error looks on the wire: the JSON <c>__type</c> (namespace#shape), the legacy Query code that
/// also travels in <c>x-amzn-query-error</c>, the HTTP status and whether the caller is at fault.
/// </summary>
internal sealed record SqsErrorCode(string Namespace, string Shape, string QueryCode, int Status, bool SenderFault = true)
{
    public string JsonType => $"{Namespace}#{Shape}";
}

/// <summary>The one exception type for errors a caller is told about; <see cref="SqsErrors"/> builds them.</summary>
internal sealed class SqsException(SqsErrorCode code, string message, string? queryMessage = null) : CallFailedException(message)
{
    public SqsErrorCode Code { get; } = code;

    /// <summary>The message the Query protocol carries where AWS words it differently.</summary>
    public string QueryMessage { get; } = queryMessage ?? message;

    public override string ErrorCode => Code.QueryCode;

    /// <summary>Extra response headers the error needs (e.g. an RFC 6750 <c>WWW-Authenticate</c> challenge).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
