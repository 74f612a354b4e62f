using SecureQueue.Log.Events;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Log.Queues;
using SecureQueue.Sqs.Queues;

namespace SecureQueue.Sqs.Actions;

/// <summary>GetQueueAttributes: read on a pooled connection; only its event goes through the writer.</summary>
internal sealed class GetQueueAttributes : SqsAction
{
    public override string Name => "GetQueueAttributes";

    public override bool HasResult => true;

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override bool ReadOnly => true;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var names = context.Parameters.StringList("AttributeNames", "AttributeName");
        var (queue, counts) = QueueAttributes.NeedsCounts(names) ? await context.ReadQueueWithCountsAsync() : (await context.ReadQueueAsync(), (QueueCounts?)null);
        var attributes = QueueAttributes.Read(names, queue, counts, context.QueueArn(queue.Name)).ToList();
        await context.AppendAsync(EventTypes.QueueAttributesRead);
        var result = new ResponseObject();
        return attributes.Count == 0 ? result : result.AddMap("Attributes", "Attribute", "Name", "Value", attributes);
    }
}
