using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecureQueue.Sqs.Errors;

namespace SecureQueue.Sqs.Queues;

/// <summary>AddPermission and RemovePermission as edits of the queue's Policy document, producing the statements SQS produces.</summary>
internal static partial class QueuePermissions
{
    public const int MaxActions = 7;

    private static readonly HashSet<string> Grantable = new(StringComparer.Ordinal)
    {
        "*", "SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility", "GetQueueAttributes", "GetQueueUrl",
    };

    public static void CheckLabel(string label)
    {
        if (!LabelPattern().IsMatch(label))
        {
            throw SqsErrors.InvalidParameter("Label", label, "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length.");
        }
    }

    /// <summary>The statement AWS adds: Sid = label, Allow, Principal {"AWS": account roots}, Action "SQS:…", Resource = the queue.</summary>
    public static JsonObject Statement(string label, IReadOnlyList<string> accounts, IReadOnlyList<string> actions, string queueArn)
    {
        CheckLabel(label);
        if (accounts.Count == 0)
        {
            throw SqsErrors.MissingParameter("AWSAccountIds");
        }

        if (actions.Count == 0)
        {
            throw SqsErrors.MissingParameter("Actions");
        }

        if (actions.Count > MaxActions)
        {
            throw new SqsException(SqsErrors.OverLimitCode, $"{actions.Count} Actions were found, maximum allowed is {MaxActions}.");
        }

        foreach (var account in accounts.Where(a => !AccountPattern().IsMatch(a)))
        {
            throw SqsErrors.InvalidParameter("AWSAccountIds", account, "An AWS account id has 12 digits.");
        }

        foreach (var action in actions.Where(a => !Grantable.Contains(a)))
        {
            throw SqsErrors.InvalidParameter("ActionName", action, "Only *, SendMessage, ReceiveMessage, DeleteMessage, ChangeMessageVisibility, GetQueueAttributes and GetQueueUrl can be granted.");
        }

        return new JsonObject
        {
            ["Sid"] = label,
            ["Effect"] = "Allow",
            ["Principal"] = new JsonObject { ["AWS"] = OneOrMany(accounts.Select(a => $"arn:aws:iam::{a}:root")) },
            ["Action"] = OneOrMany(actions.Select(a => "SQS:" + a)),
            ["Resource"] = queueArn,
        };
    }

    /// <summary>The policy with the statement added; a label already present is refused.</summary>
    public static string Add(string? policy, JsonObject statement, string queueArn)
    {
        var document = Parse(policy, queueArn);
        var statements = document["Statement"]!.AsArray();
        var label = statement["Sid"]!.GetValue<string>();
        if (statements.Any(s => s?["Sid"]?.GetValue<string>() == label))
        {
            throw SqsErrors.InvalidParameter("Label", label, "Already exists.");
        }

        statements.Add(statement);
        return document.ToJsonString();
    }

    /// <summary>The policy without the labelled statement (null when none remain); an unknown label is refused.</summary>
    public static string? Remove(string? policy, string label, string queueArn)
    {
        var document = Parse(policy, queueArn);
        var statements = document["Statement"]!.AsArray();
        var match = statements.FirstOrDefault(s => s?["Sid"]?.GetValue<string>() == label)
            ?? throw SqsErrors.InvalidParameter("Label", label, "can't find label.");
        statements.Remove(match);
        return statements.Count == 0 ? null : document.ToJsonString();
    }

    private static JsonObject Parse(string? policy, string queueArn)
    {
        if (string.IsNullOrEmpty(policy))
        {
            return new JsonObject { ["Version"] = "2012-10-17", ["Id"] = $"{queueArn}/SQSDefaultPolicy", ["Statement"] = new JsonArray() };
        }

        var document = JsonNode.Parse(policy)!.AsObject();
        // A stored policy may hold a single statement object; AddPermission needs a list to append to.
        if (document["Statement"] is JsonObject single)
        {
            document.Remove("Statement");
            document["Statement"] = new JsonArray(single);
        }

        return document;
    }

    private static JsonNode OneOrMany(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 1 ? JsonValue.Create(list[0]) : new JsonArray(list.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,80}\\z")]
    private static partial Regex LabelPattern();

    [GeneratedRegex("^[0-9]{12}\\z")]
    private static partial Regex AccountPattern();
}
