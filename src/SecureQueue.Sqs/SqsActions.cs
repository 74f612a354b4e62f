using SecureQueue.Sqs.Actions;

namespace SecureQueue.Sqs;

/// <summary>The actions this gateway serves, by their SQS name (case-sensitive, as AWS matches them).</summary>
public sealed class SqsActions
{
    private readonly Dictionary<string, SqsAction> byName = new SqsAction[]
    {
        new CreateQueue(), new GetQueueUrl(), new ListQueues(), new DeleteQueue(), new GetQueueAttributes(), new SetQueueAttributes(),
        new PurgeQueue(), new SendMessage(), new SendMessageBatch(), new ReceiveMessage(), new DeleteMessage(), new DeleteMessageBatch(),
        new ChangeMessageVisibility(), new ChangeMessageVisibilityBatch(), new TagQueue(), new UntagQueue(), new ListQueueTags(),
        new AddPermission(), new RemovePermission(), new ListDeadLetterSourceQueues(),
        new StartMessageMoveTask(), new ListMessageMoveTasks(), new CancelMessageMoveTask(),
    }.ToDictionary(a => a.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => byName.Keys;

    internal SqsAction? Find(string name) => byName.GetValueOrDefault(name);
}
