using SecureQueue.Policies.Matching;

namespace SecureQueue.Policies.Linting;

/// <summary>The IAM actions this gateway authorizes, with whether each changes state (reference §1.6, [IAM-DS] 2026).</summary>
internal static class KnownActions
{
    // Read is IAM's access level; every other level (Write, Permissions management, Tagging) changes a queue or its access.
    private static readonly (string Name, bool Write)[] Sqs =
    [
        ("sqs:AddPermission", true), ("sqs:CancelMessageMoveTask", true), ("sqs:ChangeMessageVisibility", true),
        ("sqs:CreateQueue", true), ("sqs:DeleteMessage", true), ("sqs:DeleteQueue", true),
        ("sqs:GetQueueAttributes", false), ("sqs:GetQueueUrl", false), ("sqs:ListDeadLetterSourceQueues", false),
        ("sqs:ListMessageMoveTasks", false), ("sqs:ListQueueTags", false), ("sqs:ListQueues", false),
        ("sqs:PurgeQueue", true), ("sqs:ReceiveMessage", false), ("sqs:RemovePermission", true),
        ("sqs:SendMessage", true), ("sqs:SetQueueAttributes", true), ("sqs:StartMessageMoveTask", true),
        ("sqs:TagQueue", true), ("sqs:UntagQueue", true),
    ];

    // The front door's routes are API Gateway-style resources (DESIGN.md "Front door").
    private static readonly (string Name, bool Write)[] ExecuteApi =
    [
        ("execute-api:Invoke", true), ("execute-api:InvalidateCache", true), ("execute-api:ManageConnections", true),
    ];

    // A queue under a customer key family (KmsMasterKeyId) needs these on the key's ARN, as SQS does; IAM rates both Write.
    private static readonly (string Name, bool Write)[] Kms =
    [
        ("kms:Decrypt", true), ("kms:GenerateDataKey", true),
    ];

    // LookupEvents over the gateway's own audit log; IAM rates it Read. It has no resource type, so its resource is "*".
    private static readonly (string Name, bool Write)[] CloudTrail =
    [
        ("cloudtrail:LookupEvents", false),
    ];

    public static IEnumerable<(string Name, bool Write)> All => Sqs.Concat(Kms).Concat(ExecuteApi).Concat(CloudTrail);

    /// <summary>True when the gateway authorizes actions of this service prefix (case-insensitive).</summary>
    public static bool IsServed(string service) =>
        service.Equals("sqs", StringComparison.OrdinalIgnoreCase) || service.Equals("kms", StringComparison.OrdinalIgnoreCase)
        || service.Equals("execute-api", StringComparison.OrdinalIgnoreCase) || service.Equals("cloudtrail", StringComparison.OrdinalIgnoreCase);

    /// <summary>The known actions a pattern matches (action names are case-insensitive).</summary>
    public static IEnumerable<(string Name, bool Write)> Matching(PolicyPattern pattern) =>
        All.Where(a => pattern.Match(a.Name, null, StringComparison.OrdinalIgnoreCase) == PatternMatch.Match);

    /// <summary>A hint for an unknown action: the permission a batch API uses, or the closest known name.</summary>
    public static string? Suggest(string action)
    {
        if (action.EndsWith("Batch", StringComparison.OrdinalIgnoreCase)
            && All.FirstOrDefault(a => a.Name.Equals(action[..^"Batch".Length], StringComparison.OrdinalIgnoreCase)) is { Name: { } batchBase })
        {
            return $"{action} is authorized by {batchBase}.";
        }

        var best = All.Select(a => (a.Name, Distance: Distance(a.Name.ToUpperInvariant(), action.ToUpperInvariant())))
            .OrderBy(c => c.Distance).First();
        return best.Distance <= 3 ? $"did you mean {best.Name}?" : null;
    }

    // Levenshtein distance; names are short, so the quadratic table is cheap.
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
