using SecureQueue.Gateway.Authorization;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Sqs.Queues;
using SecureQueue.Log.Queues;

namespace SecureQueue.Sqs;

/// <summary>What a call's resource is derived from, for authorization and the audit record.</summary>
internal enum ResourceKind
{
    /// <summary>The account's queues as a whole (ListQueues): resource <c>*</c>.</summary>
    None,

    /// <summary>A queue named by <c>QueueName</c> (CreateQueue, GetQueueUrl).</summary>
    QueueName,

    /// <summary>A queue named by <c>QueueUrl</c> or the request path.</summary>
    QueueUrl,

    /// <summary>A queue named by its ARN in <c>SourceArn</c> (the move task actions).</summary>
    SourceArn,

    /// <summary>The source queue a move task's <c>TaskHandle</c> names (CancelMessageMoveTask).</summary>
    TaskHandle,
}

/// <summary>One SQS action: its name, what it acts on, and how it runs. Each lives in its own file under Actions/.</summary>
internal abstract class SqsAction
{
    public abstract string Name { get; }

    public abstract ResourceKind Resource { get; }

    /// <summary>True for actions that change nothing; CloudTrail's <c>readOnly</c>.</summary>
    public virtual bool ReadOnly => false;

    /// <summary>True for message-level actions, which CloudTrail records as data events; the rest are management events.</summary>
    public virtual bool DataEvent => false;

    /// <summary>The IAM action authorized; batch actions are authorized as their single-message action, as at AWS.</summary>
    public virtual string IamAction => "sqs:" + Name;

    /// <summary>True for actions with an output shape: Query responses then always carry <c>&lt;ActionResult&gt;</c>, even empty.</summary>
    public virtual bool HasResult => false;

    /// <summary>Tags the call would set (aws:RequestTag/*); read before authorization, validated again when run.</summary>
    public virtual IReadOnlyDictionary<string, string> RequestTags(SqsParameters parameters) => new Dictionary<string, string>();

    /// <summary>Tag keys the call names (aws:TagKeys).</summary>
    public virtual IReadOnlyList<string> TagKeys(SqsParameters parameters) => RequestTags(parameters).Keys.ToList();

    /// <summary>
    /// The customer key the call would use, authorized as SQS does for customer-managed keys: kms:GenerateDataKey to select
    /// one or seal under it, kms:Decrypt to open. Null when the call uses none (the default key needs no kms permission).
    /// </summary>
    public virtual KeyUse? KeyUseOf(SqsParameters parameters, QueueRecord? queue) => null;

    /// <summary>The call as the protocol-neutral authorizer sees it.</summary>
    public AuthorizationInput AuthorizationInput(string resource, QueueRecord? queue, SqsParameters parameters) => new(IamAction, resource)
    {
        ResourceTags = queue?.Tags,
        ResourcePolicy = queue is null ? null : QueueSettings.Of(queue).Policy,
        RequestTags = RequestTags(parameters),
        TagKeys = TagKeys(parameters),
        Key = KeyUseOf(parameters, queue),
    };

    /// <summary>Sealing or opening under the key a queue's attributes name, if any.</summary>
    protected static KeyUse? QueueKey(QueueRecord? queue, string action) =>
        queue is not null && QueueSettings.Of(queue).KmsMasterKeyId is { } id ? new KeyUse(action, id) : null;

    /// <summary>Selecting the key named by the call's <c>KmsMasterKeyId</c> attribute (CreateQueue, SetQueueAttributes).</summary>
    protected static KeyUse? SelectedKey(SqsParameters parameters) =>
        parameters.StringMap("Attributes", "Attribute", "Name", "Value").GetValueOrDefault(QueueAttributes.KmsMasterKeyId) is { } id
            ? new KeyUse(KeyUse.GenerateDataKey, id)
            : null;

    /// <summary>Validates the call's parameters and runs it; every path goes through the log exactly once.</summary>
    public abstract Task<ResponseObject> ExecuteAsync(SqsContext context);
}
