namespace SecureQueue.Trail.Exports.Ocsf;

/// <summary>
/// OCSF API Activity's <c>activity_id</c> for an operation. The ocsf/examples CloudTrail mapping guesses from the
/// verb, which makes SendMessage "Other"; SQS's operations are mapped here by what they do to a queue or its messages.
/// </summary>
internal static class OcsfActivity
{
    public const int Unknown = 0;
    public const int Create = 1;
    public const int Read = 2;
    public const int Update = 3;
    public const int Delete = 4;
    public const int Other = 99;

    public static int Of(string? operation) => operation switch
    {
        null => Unknown,
        "SendMessage" or "SendMessageBatch" or "CreateQueue" => Create,
        "ReceiveMessage" or "GetQueueAttributes" or "GetQueueUrl" or "ListQueues" or "ListQueueTags" or "ListDeadLetterSourceQueues"
            or "ListMessageMoveTasks" or "GetCallerIdentity" or "LookupEvents" => Read,
        "ChangeMessageVisibility" or "ChangeMessageVisibilityBatch" or "SetQueueAttributes" or "TagQueue" or "UntagQueue" or "AddPermission"
            or "RemovePermission" or "StartMessageMoveTask" or "CancelMessageMoveTask" => Update,
        "DeleteMessage" or "DeleteMessageBatch" or "DeleteQueue" or "PurgeQueue" => Delete,
        _ => ByVerb(operation),
    };

    public static string Name(int activity) => activity switch
    {
        Create => "Create",
        Read => "Read",
        Update => "Update",
        Delete => "Delete",
        Unknown => "Unknown",
        _ => "Other",
    };

    private static int ByVerb(string operation)
    {
        static bool Starts(string text, params string[] verbs) => verbs.Any(v => text.StartsWith(v, StringComparison.Ordinal));
        if (Starts(operation, "Create", "Generate", "Run"))
        {
            return Create;
        }

        if (Starts(operation, "Get", "List", "Describe", "Search", "Lookup"))
        {
            return Read;
        }

        if (Starts(operation, "Update", "Put", "Modify", "Add", "Remove", "Set", "Start", "Stop", "Tag", "Untag", "Enable", "Disable", "Rotate"))
        {
            return Update;
        }

        return Starts(operation, "Delete", "Terminate", "Destroy", "Purge") ? Delete : Other;
    }
}
