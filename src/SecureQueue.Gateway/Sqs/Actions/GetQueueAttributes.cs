using SecureQueue.Gateway.Sqs.Protocol;
using SecureQueue.Gateway.Sqs.Queues;
using SecureQueue.Storage.Log;

namespace SecureQueue.Gateway.Sqs.Actions;

public sealed class GetQueueAttributes : SqsAction
{
    public override string Name => "GetQueueAttributes";

    public override bool HasResult => true;

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override bool ReadOnly => true;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var names = context.Parameters.StringList("AttributeNames", "AttributeName");
        var attributes = await context.LogAsync(async tx =>
        {
            var queue = await context.RequireQueueAsync(tx);
            var counts = await tx.Queues.CountAsync(queue.QueueId, tx.Now);
            return new Logged<List<KeyValuePair<string, string>>>(
                QueueAttributes.Read(names, queue, counts, context.QueueArn(queue.Name)).ToList(), "QueueAttributesRead");
        });
        var result = new ResponseObject();
        return attributes.Count == 0 ? result : result.AddMap("Attributes", "Attribute", "Name", "Value", attributes);
    }
}
