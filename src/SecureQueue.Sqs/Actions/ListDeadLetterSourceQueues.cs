using SecureQueue.Log.Events;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Sqs.Actions;

/// <summary>
/// ListDeadLetterSourceQueues: the queues whose RedrivePolicy names this one, read on a pooled connection, paged by name
/// (note the lower-case <c>queueUrls</c> member, as in SQS's model).
/// </summary>
internal sealed class ListDeadLetterSourceQueues : SqsAction
{
    private const int DefaultLimit = 1000;

    public override string Name => "ListDeadLetterSourceQueues";

    public override bool HasResult => true;

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override bool ReadOnly => true;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var maxResults = context.Parameters.IntInRange("MaxResults", 1, 1000, "MaxResults must be an integer between 1 and 1000.");
        var queue = await context.ReadQueueAsync();
        var after = context.Parameters.String("NextToken") is { } token ? PageTokens.Decode(token, queue.Arn) : null;
        var limit = maxResults ?? DefaultLimit;
        var names = await context.Services.Reader.ListSourcesAsync(queue.AccountId, queue.Region, queue.Arn, after, limit + 1, CancellationToken.None);
        await context.AppendAsync(EventTypes.DeadLetterSourcesListed);

        return PageTokens.UrlPage(context, names, limit, maxResults is not null, "queueUrls", queue.Arn);
    }
}
