using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Sqs.Queues;
using SecureQueue.Log.Events;

namespace SecureQueue.Sqs.Actions;

internal sealed class TagQueue : SqsAction
{
    public override string Name => "TagQueue";

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override IReadOnlyDictionary<string, string> RequestTags(SqsParameters parameters) => parameters.StringMap("Tags", "Tag", "Key", "Value");

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var added = QueueTags.Validate(context.Parameters.StringMap("Tags", "Tag", "Key", "Value"));
        if (added.Count == 0)
        {
            throw SqsErrors.MissingParameter("Tags");
        }

        await context.LogAsync(async tx =>
        {
            var queue = await context.RequireQueueAsync(tx);
            await tx.Queues.SetTagsAsync(queue.QueueId, QueueTags.Merge(queue.Tags, added));
            return new Logged<bool>(true, EventTypes.QueueTagged, json => TagKeys(json, queue.QueueId, added.Keys));
        });
        return new ResponseObject();
    }

    internal static void TagKeys(System.Text.Json.Utf8JsonWriter json, long queueId, IEnumerable<string> keys)
    {
        json.WriteNumber("queueId", queueId);
        json.WriteStrings("tagKeys", keys);
    }
}
