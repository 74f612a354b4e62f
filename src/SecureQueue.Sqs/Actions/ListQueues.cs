using SecureQueue.Log.Events;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Sqs.Queues;

namespace SecureQueue.Sqs.Actions;

/// <summary>ListQueues: by name prefix; pages only when MaxResults is given, as AWS does. Read on a pooled connection; only its event goes through the writer.</summary>
internal sealed class ListQueues : SqsAction
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
        var after = context.Parameters.String("NextToken") is { } token ? PageTokens.Decode(token, prefix) : null;
        var limit = maxResults ?? DefaultLimit;
        var account = context.Services.Options.AccountId;

        var names = QueueNames.CouldStartWith(prefix) ? await context.Services.Reader.ListAsync(account, context.Region, prefix, after, limit + 1, CancellationToken.None) : [];
        await context.AppendAsync(EventTypes.QueuesListed);

        return PageTokens.UrlPage(context, names, limit, maxResults is not null, "QueueUrls", prefix);
    }
}
