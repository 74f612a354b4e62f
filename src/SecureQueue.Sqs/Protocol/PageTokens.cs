using System.Text;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Queues;

namespace SecureQueue.Sqs.Protocol;

/// <summary>
/// NextToken of the listing actions: where the previous page ended (a queue name) and what it listed (a prefix, a
/// dead-letter queue's ARN), so a token is only good for the same listing. It grants nothing the caller could not list anyway.
/// </summary>
internal static class PageTokens
{
    public static string Encode(string scope, string lastName) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{scope}\n{lastName}"));

    /// <summary>The name the page ended at; <c>InvalidParameterValue</c> for a token of another listing or none at all.</summary>
    public static string Decode(string token, string scope)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('\n');
            return parts.Length == 2 && parts[0] == scope && QueueNames.CouldExist(parts[1]) ? parts[1] : throw Invalid(token);
        }
        catch (FormatException)
        {
            throw Invalid(token);
        }
    }

    /// <summary>
    /// A listing's answer: the queue URLs of the first <paramref name="limit"/> names (<paramref name="names"/> holds one
    /// more when another page follows) under <paramref name="member"/>, and a NextToken when the caller asked to page.
    /// </summary>
    public static ResponseObject UrlPage(SqsContext context, IReadOnlyList<string> names, int limit, bool paged, string member, string scope)
    {
        var result = new ResponseObject().Add(member, new ResponseList("QueueUrl", names.Take(limit).Select(n => (ResponseNode)new ResponseText(context.QueueUrl(n))).ToList()));
        return paged && names.Count > limit ? result.Add("NextToken", Encode(scope, names[limit - 1])) : result;
    }

    private static SqsException Invalid(string token) => SqsErrors.InvalidParameter("NextToken", token, "Invalid or expired next token.");
}
