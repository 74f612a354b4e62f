using SecureQueue.Gateway.Sqs.Protocol;
using SecureQueue.Storage.Log;

namespace SecureQueue.Gateway.Sqs.Actions;

public sealed class ListQueueTags : SqsAction
{
    public override string Name => "ListQueueTags";

    public override bool HasResult => true;

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override bool ReadOnly => true;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var tags = await context.LogAsync(async tx =>
            new Logged<IReadOnlyDictionary<string, string>>((await context.RequireQueueAsync(tx)).Tags, "QueueTagsListed"));
        var result = new ResponseObject();
        return tags.Count == 0 ? result : result.AddMap("Tags", "Tag", "Key", "Value", tags);
    }
}
