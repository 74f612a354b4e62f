using SecureQueue.Log.Events;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Sqs.Actions;

/// <summary>ListQueueTags: read on a pooled connection; only its event goes through the writer.</summary>
internal sealed class ListQueueTags : SqsAction
{
    public override string Name => "ListQueueTags";

    public override bool HasResult => true;

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override bool ReadOnly => true;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var tags = (await context.ReadQueueAsync()).Tags;
        await context.AppendAsync(EventTypes.QueueTagsListed);
        var result = new ResponseObject();
        return tags.Count == 0 ? result : result.AddMap("Tags", "Tag", "Key", "Value", tags);
    }
}
