using SecureQueue.Gateway.Authorization;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Sqs.Queues;
using SecureQueue.Log.Events;
using SecureQueue.Log.Queues;

namespace SecureQueue.Sqs.Actions;

internal sealed class SetQueueAttributes : SqsAction
{
    public override string Name => "SetQueueAttributes";

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override KeyUse? KeyUseOf(SqsParameters parameters, QueueRecord? queue) => SelectedKey(parameters);

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var requested = context.Parameters.StringMap("Attributes", "Attribute", "Name", "Value");
        if (requested.Count == 0)
        {
            throw SqsErrors.MissingParameter("Attribute.1.Name");
        }

        var changes = QueueAttributes.Validate(
            requested, context.QueueArn(context.Target.Name), context.Services.Keys.Families, FifoAttributes.IsFifoName(context.Target.Name), creating: false);
        await context.LogAsync(async tx =>
        {
            var queue = await context.RequireQueueAsync(tx);
            await RedriveTargets.CheckAsync(tx, changes, queue.Arn);
            var attributes = QueueAttributes.Apply(queue.Attributes, changes);
            FifoAttributes.CheckCombination(attributes);
            await tx.Queues.SetAttributesAsync(queue.QueueId, attributes, tx.Now);
            return new Logged<bool>(true, EventTypes.QueueAttributesSet, json =>
            {
                json.WriteNumber("queueId", queue.QueueId);
                json.WriteStartObject("attributes");
                foreach (var (name, value) in changes)
                {
                    // The audit keeps the policy's hash, not the document: policies are not logged.
                    json.WriteString(name, name == QueueAttributes.Policy ? PolicyHash(value) : value);
                }

                json.WriteEndObject();
            });
        });
        return new ResponseObject();
    }

    internal static string PolicyHash(string policy) =>
        "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(policy)));
}
