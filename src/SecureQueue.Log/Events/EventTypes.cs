namespace SecureQueue.Log.Events;

/// <summary>
/// The catalogue of every event type the log holds. An event's type says what the call did when it succeeded; a call
/// that did not succeed is <see cref="CallFailed"/> whatever its action, with the error code that says why. The table
/// in <c>Events/README.md</c> lists the same types (<c>EventCatalogueTests</c> keeps the two equal).
/// </summary>
public static class EventTypes
{
    public static readonly EventType CallFailed = new(
        "CallFailed", "A call that did not succeed: not authenticated, denied, invalid, aborted or failed; its error code says which.");

    public static readonly EventType QueueCreated = new("QueueCreated", "CreateQueue made a queue.");
    public static readonly EventType QueueExisted = new("QueueExisted", "CreateQueue named a queue that already existed with the same attributes.");
    public static readonly EventType QueueDeleted = new("QueueDeleted", "DeleteQueue removed a queue; its messages are destroyed with its data keys.");
    public static readonly EventType QueuePurged = new("QueuePurged", "PurgeQueue started a purge; the sweep removes the messages (MessagesPurged).");
    public static readonly EventType QueueAttributesSet = new("QueueAttributesSet", "SetQueueAttributes changed a queue's attributes.");
    public static readonly EventType QueueAttributesRead = new("QueueAttributesRead", "GetQueueAttributes read a queue's attributes.");
    public static readonly EventType QueueUrlRead = new("QueueUrlRead", "GetQueueUrl read a queue's URL.");
    public static readonly EventType QueuesListed = new("QueuesListed", "ListQueues listed queues.");
    public static readonly EventType QueueTagged = new("QueueTagged", "TagQueue added or replaced tags.");
    public static readonly EventType QueueUntagged = new("QueueUntagged", "UntagQueue removed tags.");
    public static readonly EventType QueueTagsListed = new("QueueTagsListed", "ListQueueTags read a queue's tags.");
    public static readonly EventType PermissionAdded = new("PermissionAdded", "AddPermission added a statement to a queue's policy.");
    public static readonly EventType PermissionRemoved = new("PermissionRemoved", "RemovePermission removed a statement from a queue's policy.");
    public static readonly EventType DeadLetterSourcesListed = new("DeadLetterSourcesListed", "ListDeadLetterSourceQueues listed the queues that redrive to one.");

    public static readonly EventType MessagesSent = new("MessagesSent", "SendMessage or SendMessageBatch stored messages (their sealed bodies in the event's bdata).");
    public static readonly EventType MessagesReceived = new("MessagesReceived", "ReceiveMessage delivered messages (or, at the end of a long poll, none).");
    public static readonly EventType MessagesDeleted = new("MessagesDeleted", "DeleteMessage or DeleteMessageBatch removed messages.");
    public static readonly EventType VisibilityChanged = new("VisibilityChanged", "ChangeMessageVisibility or its batch changed when messages become visible again.");
    public static readonly EventType MessagesExpired = new("MessagesExpired", "The retention sweep removed messages older than their queue's retention period.");
    public static readonly EventType MessagesPurged = new("MessagesPurged", "A purge's sweep removed messages (or finished, destroying the purged data keys).");
    public static readonly EventType MessagesMovedToDeadLetterQueue = new(
        "MessagesMovedToDeadLetterQueue", "A receive moved messages past their maxReceiveCount to the dead-letter queue.");
    public static readonly EventType DeadLetterMoveRefused = new(
        "DeadLetterMoveRefused", "A dead-letter move was refused (the target is missing, not allowed, or its key unusable); the messages stay.");

    public static readonly EventType MessageMoveTaskStarted = new("MessageMoveTaskStarted", "StartMessageMoveTask started a move task.");
    public static readonly EventType MessageMoveTasksListed = new("MessageMoveTasksListed", "ListMessageMoveTasks listed a queue's move tasks.");
    public static readonly EventType MessageMoveTaskCancelRequested = new("MessageMoveTaskCancelRequested", "CancelMessageMoveTask asked a running task to stop.");
    public static readonly EventType MessageMoveTaskTaken = new("MessageMoveTaskTaken", "A gateway took a move task to run it (after a start or a replica's loss).");
    public static readonly EventType MessagesMovedByTask = new("MessagesMovedByTask", "A move task moved a batch of messages.");
    public static readonly EventType MessageMoveTaskCompleted = new("MessageMoveTaskCompleted", "A move task moved everything it was asked to.");
    public static readonly EventType MessageMoveTaskCancelled = new("MessageMoveTaskCancelled", "A move task stopped at a cancellation.");
    public static readonly EventType MessageMoveTaskFailed = new("MessageMoveTaskFailed", "A move task stopped on an error (its reason in the detail).");

    public static readonly EventType DataKeyCreated = new(
        "DataKeyCreated", "A queue's new data key was stored; never appended on its own, the send that needed it records it.");
    public static readonly EventType DataKeysRewrapped = new("DataKeysRewrapped", "Data keys were wrapped again under a newer key-encryption key.");

    public static readonly EventType IdentitiesReloaded = new("IdentitiesReloaded", "The identities file or its policies changed and were loaded (which principals changed).");
    public static readonly EventType IdentitiesReloadFailed = new("IdentitiesReloadFailed", "The identities file could not be loaded; the previous identities stay in force.");
    public static readonly EventType GuardrailsReloaded = new("GuardrailsReloaded", "The guardrail policies changed and were loaded.");
    public static readonly EventType GuardrailsReloadFailed = new("GuardrailsReloadFailed", "The guardrails could not be loaded; the previous guardrails stay in force.");
    public static readonly EventType JwtKeysReloaded = new("JwtKeysReloaded", "A JWT issuer's signing key file changed and its keys were loaded (which issuers).");
    public static readonly EventType JwtKeysReloadFailed = new("JwtKeysReloadFailed", "The JWT signing key files could not be loaded; the keys in force stay.");

    public static readonly EventType CallerIdentified = new("CallerIdentified", "sts:GetCallerIdentity told a caller who it is.");
    public static readonly EventType EventsLookedUp = new("EventsLookedUp", "cloudtrail:LookupEvents read a page of the audit trail.");
    public static readonly EventType RequestForwarded = new("RequestForwarded", "The front door forwarded a request to an upstream (route, status, bytes, duration).");
    public static readonly EventType AuditLogExported = new("AuditLogExported", "secq audit export wrote the trail to files.");
    public static readonly EventType ComplianceReportGenerated = new("ComplianceReportGenerated", "secq report wrote a compliance report.");

    /// <summary>Every type, in declaration order.</summary>
    public static IReadOnlyList<EventType> All { get; } = typeof(EventTypes).GetFields()
        .Where(f => f.FieldType == typeof(EventType))
        .Select(f => (EventType)f.GetValue(null)!)
        .ToList();
}
