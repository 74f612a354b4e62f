using System.Text;
using Microsoft.AspNetCore.Http;
using SecureQueue.Sqs.Errors;

namespace SecureQueue.Sqs.Protocol;

/// <summary>
/// Tells AWS JSON 1.0 (<c>X-Amz-Target: AmazonSQS.Action</c>) from AWS Query (form POST or GET) and decodes the
/// action name and parameters. Errors carry the protocol the caller will understand.
/// </summary>
internal static class ProtocolDecoder
{
    private const string JsonContentType = "application/x-amz-json-1.0";
    private const string FormContentType = "application/x-www-form-urlencoded";
    private const string TargetPrefix = "AmazonSQS.";

    /// <summary>The protocol a response should use, decided from headers alone (so even a bad body gets a readable error).</summary>
    public static SqsProtocol Detect(HttpRequest request) =>
        request.Headers.ContainsKey("X-Amz-Target") || MediaType(request.ContentType).StartsWith("application/x-amz-json", StringComparison.OrdinalIgnoreCase)
            ? SqsProtocol.Json
            : SqsProtocol.Query;

    public static (string Action, SqsParameters Parameters) Decode(HttpRequest request, SqsProtocol protocol, ReadOnlyMemory<byte> body)
    {
        if (protocol == SqsProtocol.Json)
        {
            if (!HttpMethods.IsPost(request.Method))
            {
                throw SqsErrors.InvalidParameterValue("AWS JSON requests must use POST.");
            }

            var contentType = MediaType(request.ContentType);
            if (!contentType.Equals(JsonContentType, StringComparison.OrdinalIgnoreCase))
            {
                throw SqsErrors.InvalidParameter("Content-Type", contentType, $"Requests with X-Amz-Target must use {JsonContentType}.");
            }

            string target = request.Headers["X-Amz-Target"].ToString();
            if (!target.StartsWith(TargetPrefix, StringComparison.Ordinal) || target.Length == TargetPrefix.Length)
            {
                throw SqsErrors.InvalidAction(target);
            }

            return (target[TargetPrefix.Length..], JsonParameters.Parse(body));
        }

        IEnumerable<KeyValuePair<string, string>> pairs;
        if (HttpMethods.IsGet(request.Method))
        {
            var query = Encoding.UTF8.GetBytes(request.QueryString.Value?.TrimStart('?') ?? string.Empty);
            pairs = FormDecoder.Decode(query, plusIsSpace: false).Where(p => !p.Key.StartsWith("X-Amz-", StringComparison.Ordinal));
        }
        else if (HttpMethods.IsPost(request.Method) && MediaType(request.ContentType).Equals(FormContentType, StringComparison.OrdinalIgnoreCase))
        {
            pairs = FormDecoder.Decode(body.Span, plusIsSpace: true);
        }
        else
        {
            throw SqsErrors.InvalidParameter("Content-Type", MediaType(request.ContentType),
                $"Use {JsonContentType} with X-Amz-Target, or {FormContentType} with an Action parameter.");
        }

        var parameters = QueryParameters.From(pairs);
        return (parameters.Required("Action"), parameters);
    }

    private static string MediaType(string? contentType) => (contentType ?? string.Empty).Split(';', 2)[0].Trim();
}
