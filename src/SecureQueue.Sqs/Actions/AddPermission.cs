using SecureQueue.Sqs.Protocol;
using SecureQueue.Sqs.Queues;
using SecureQueue.Log.Events;

namespace SecureQueue.Sqs.Actions;

/// <summary>AddPermission: appends the statement SQS would to the queue's Policy; the result must still be a valid queue policy.</summary>
internal sealed class AddPermission : SqsAction
{
    public override string Name => "AddPermission";

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var label = context.Parameters.Required("Label");
        var queueArn = context.QueueArn(context.Target.Name);
        var statement = QueuePermissions.Statement(
            label,
            context.Parameters.StringList("AWSAccountIds", "AWSAccountId"),
            context.Parameters.StringList("Actions", "ActionName"),
            queueArn);
        await context.LogAsync(async tx =>
        {
            var queue = await context.RequireQueueAsync(tx);
            var policy = QueuePermissions.Add(QueueSettings.Of(queue).Policy, statement, queueArn);
            QueuePolicy.Validate(policy, queueArn);
            var attributes = new Dictionary<string, string>(queue.Attributes, StringComparer.Ordinal) { [QueueAttributes.Policy] = policy };
            await tx.Queues.SetAttributesAsync(queue.QueueId, attributes, tx.Now);
            return new Logged<bool>(true, EventTypes.PermissionAdded, json =>
            {
                json.WriteNumber("queueId", queue.QueueId);
                json.WriteString("label", label);
                json.WriteString("policy", SetQueueAttributes.PolicyHash(policy));
            });
        });
        return new ResponseObject();
    }
}
