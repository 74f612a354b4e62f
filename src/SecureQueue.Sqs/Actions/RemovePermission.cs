using SecureQueue.Sqs.Protocol;
using SecureQueue.Sqs.Queues;
using SecureQueue.Log.Events;

namespace SecureQueue.Sqs.Actions;

/// <summary>RemovePermission: removes the statement with the label; the Policy attribute disappears with its last statement.</summary>
internal sealed class RemovePermission : SqsAction
{
    public override string Name => "RemovePermission";

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var label = context.Parameters.Required("Label");
        QueuePermissions.CheckLabel(label);
        var queueArn = context.QueueArn(context.Target.Name);
        await context.LogAsync(async tx =>
        {
            var queue = await context.RequireQueueAsync(tx);
            var policy = QueuePermissions.Remove(QueueSettings.Of(queue).Policy, label, queueArn);
            var attributes = new Dictionary<string, string>(queue.Attributes, StringComparer.Ordinal);
            if (policy is null)
            {
                attributes.Remove(QueueAttributes.Policy);
            }
            else
            {
                attributes[QueueAttributes.Policy] = policy;
            }

            await tx.Queues.SetAttributesAsync(queue.QueueId, attributes, tx.Now);
            return new Logged<bool>(true, EventTypes.PermissionRemoved, json =>
            {
                json.WriteNumber("queueId", queue.QueueId);
                json.WriteString("label", label);
            });
        });
        return new ResponseObject();
    }
}
