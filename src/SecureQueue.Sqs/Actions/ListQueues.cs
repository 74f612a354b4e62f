using System.Text;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Sqs.Queues;

namespace SecureQueue.Sqs.Actions;

/// <summary>ListQueues: by name prefix; pages only when MaxResults is given, as AWS does. Read on a pooled connection; only its event goes through the writer.</summary>
public sealed class ListQueues : SqsAction
{
    private const int DefaultLimit = 1000;

    public override string Name => "ListQueues";

    public override bool HasResult => true;

    public override ResourceKind Resource => ResourceKind.None;

    public override bool ReadOnly => true;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var prefix = context.Parameters.String("QueueNamePrefix") ?? string.Empty;
        var maxResults = context.Parameters.IntInRange("MaxResults", 1, 1000, "MaxResults must be an integer between 1 and 1000.");
        var after = context.Parameters.String("NextToken") is { } token ? DecodeToken(token, prefix) : null;
        var limit = maxResults ?? DefaultLimit;
        var account = context.Services.Options.AccountId;

        var names = QueueNames.CouldStartWith(prefix) ? await context.Services.Reader.ListAsync(account, context.Region, prefix, after, limit + 1, CancellationToken.None) : [];
        await context.AppendAsync("QueuesListed");

        var result = new ResponseObject().Add("QueueUrls", new ResponseList("QueueUrl", names.Take(limit).Select(n => (ResponseNode)new ResponseText(context.QueueUrl(n))).ToList()));
        if (maxResults is not null && names.Count > limit)
        {
            result.Add("NextToken", EncodeToken(prefix, names[limit - 1]));
        }

        return result;
    }

    // The token only carries where the previous page ended; it grants nothing the caller could not list anyway.
    private static string EncodeToken(string prefix, string lastName) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{prefix}\n{lastName}"));

    private static string DecodeToken(string token, string prefix)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('\n');
            return parts.Length == 2 && parts[0] == prefix && QueueNames.CouldExist(parts[1]) ? parts[1] : throw SqsErrors.InvalidParameter("NextToken", token, "Invalid or expired next token.");
        }
        catch (FormatException)
        {
            throw SqsErrors.InvalidParameter("NextToken", token, "Invalid or expired next token.");
        }
    }
}
