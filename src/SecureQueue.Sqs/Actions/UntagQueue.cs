using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Log.Events;

namespace SecureQueue.Sqs.Actions;

internal sealed class UntagQueue : SqsAction
{
    public override string Name => "UntagQueue";

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override IReadOnlyList<string> TagKeys(SqsParameters parameters) => parameters.StringList("TagKeys", "TagKey");

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var keys = context.Parameters.StringList("TagKeys", "TagKey");
        if (keys.Count == 0)
        {
            throw SqsErrors.MissingParameter("TagKeys");
        }

        await context.LogAsync(async tx =>
        {
            var queue = await context.RequireQueueAsync(tx);
            var tags = queue.Tags.Where(t => !keys.Contains(t.Key)).ToDictionary(StringComparer.Ordinal);
            await tx.Queues.SetTagsAsync(queue.QueueId, tags);
            return new Logged<bool>(true, EventTypes.QueueUntagged, json => TagQueue.TagKeys(json, queue.QueueId, keys));
        });
        return new ResponseObject();
    }
}
