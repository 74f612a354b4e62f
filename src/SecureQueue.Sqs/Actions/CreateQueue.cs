using SecureQueue.Gateway.Authorization;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Sqs.Queues;
using SecureQueue.Log.Events;
using SecureQueue.Log.Queues;

namespace SecureQueue.Sqs.Actions;

/// <summary>CreateQueue: idempotent for identical attributes; QueueAlreadyExists otherwise; QueueDeletedRecently within 60 s of a delete.</summary>
internal sealed class CreateQueue : SqsAction
{
    public override string Name => "CreateQueue";

    public override bool HasResult => true;

    public override ResourceKind Resource => ResourceKind.QueueName;

    public override KeyUse? KeyUseOf(SqsParameters parameters, QueueRecord? queue) => SelectedKey(parameters);

    public override IReadOnlyDictionary<string, string> RequestTags(SqsParameters parameters) => parameters.StringMap("tags", "Tag", "Key", "Value");

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var requested = context.Parameters.StringMap("Attributes", "Attribute", "Name", "Value");
        var name = QueueNames.Validate(context.Target.Name, requested);
        var attributes = QueueAttributes.WithDefaults(requested, context.QueueArn(name), context.Services.Keys.Families, FifoAttributes.IsFifoName(name));
        var tags = QueueTags.Validate(context.Parameters.StringMap("tags", "Tag", "Key", "Value"));
        var key = context.Key(name);

        var url = await context.LogAsync(async tx =>
        {
            if (await tx.Queues.FindAsync(key) is { } existing)
            {
                return QueueAttributes.FirstDifference(existing, requested, context.QueueArn(name), context.Services.Keys.Families) is { } different
                    ? throw SqsErrors.QueueNameExists(different)
                    : new Logged<string>(context.QueueUrl(name), EventTypes.QueueExisted);
            }

            if (await tx.Queues.DeletedSinceAsync(key, tx.Now.AddSeconds(-60)))
            {
                throw SqsErrors.QueueDeletedRecently();
            }

            await RedriveTargets.CheckAsync(tx, attributes, context.QueueArn(name));
            var queue = await tx.Queues.InsertAsync(key, attributes, tags, tx.Now);
            return new Logged<string>(context.QueueUrl(name), EventTypes.QueueCreated, json =>
            {
                json.WriteNumber("queueId", queue.QueueId);
                json.WriteStartObject("attributes");
                foreach (var (key, value) in attributes)
                {
                    json.WriteString(key, key == QueueAttributes.Policy ? SetQueueAttributes.PolicyHash(value) : value);
                }

                json.WriteEndObject();
                json.WriteNumber("tagCount", tags.Count);
            });
        });
        return new ResponseObject().Add("QueueUrl", url);
    }
}
