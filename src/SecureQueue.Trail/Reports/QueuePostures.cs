using System.Globalization;
using SecureQueue.Log.Queues;
using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Linting;

namespace SecureQueue.Trail.Reports;

/// <summary>What the report knows of a queue's keys: its newest data key, the keyring that wraps it, and that keyring's current KEK.</summary>
internal sealed record QueueKeyFacts(bool KeyFamilyConfigured, string? Keyring, int? KekVersion, DateTimeOffset? KekCreatedAt, DateTimeOffset? DataKeyCreatedAt);

/// <summary>Judges one queue against Security Hub SQS.1 (encryption), SQS.2 (tags) and SQS.3 (public access) as reference B.6 describes them.</summary>
internal static class QueuePostures
{
    public const string AwsManagedKey = "alias/aws/sqs";

    /// <summary>A key-encryption key older than this is reported for rotation.</summary>
    public const int MaxKekAgeDays = 365;

    private const int DefaultReusePeriodSeconds = 300;

    public static QueuePosture Evaluate(QueueRecord queue, string region, IReadOnlyList<string> requiredTags, QueueKeyFacts keys, DateTimeOffset now)
    {
        var arn = $"arn:aws:sqs:{region}:{queue.AccountId}:{queue.Name}";
        var encryption = Encryption(queue.Attributes, keys, now);
        var tagging = Tagging(queue.Tags, requiredTags);
        var access = Access(queue.Attributes.GetValueOrDefault("Policy"), arn, queue.AccountId);
        return new QueuePosture(queue.Name, arn, queue.CreatedAt, CheckStatus.Worst([encryption.Status, tagging.Status, access.Status]), encryption, tagging, access);
    }

    /// <summary>SQS.1: passes with SSE-SQS or SSE-KMS; fails when no key family is named or the one named is not configured.</summary>
    public static QueueEncryption Encryption(IReadOnlyDictionary<string, string> attributes, QueueKeyFacts keys, DateTimeOffset now)
    {
        var reuse = attributes.TryGetValue("KmsDataKeyReusePeriodSeconds", out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : DefaultReusePeriodSeconds;
        var (type, keyId) = attributes.GetValueOrDefault("KmsMasterKeyId") is { Length: > 0 } kms ? ("SSE-KMS", kms)
            : attributes.GetValueOrDefault("SqsManagedSseEnabled") == "true" ? ("SSE-SQS", AwsManagedKey)
            : ("none", "");
        var kekAge = keys.KekCreatedAt is { } created ? (now - created).TotalDays : (double?)null;
        var dataKeyAge = keys.DataKeyCreatedAt is { } made ? (now - made).TotalSeconds : (double?)null;
        var (status, detail) = (type, keys.KeyFamilyConfigured, kekAge) switch
        {
            ("none", _, _) => (CheckStatus.Fail, "the queue's attributes name no encryption (neither SqsManagedSseEnabled nor KmsMasterKeyId)"),
            (_, false, _) => (CheckStatus.Fail, $"key family {keyId} is not configured on this gateway: sends to the queue fail"),
            (_, _, > MaxKekAgeDays) => (CheckStatus.Warn, $"encrypted ({type}); the key-encryption key is older than {MaxKekAgeDays} days: rotate it (secq keys rotate)"),
            _ => (CheckStatus.Pass, $"encrypted at rest ({type}, AES-256-GCM envelopes); data keys rotate every {reuse} s"),
        };
        return new QueueEncryption(status, type, keyId, keys.Keyring, keys.KekVersion, kekAge, dataKeyAge, reuse, detail);
    }

    /// <summary>
    /// SQS.2 (Config <c>tagged-sqs-queue</c>): every required key present, compared case-sensitively; with no required keys,
    /// at least one tag. System tags (<c>aws:</c>) do not count.
    /// </summary>
    public static QueueTagging Tagging(IReadOnlyDictionary<string, string> tags, IReadOnlyList<string> required)
    {
        var keys = tags.Keys.Where(k => !k.StartsWith("aws:", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var missing = required.Where(r => !keys.Contains(r, StringComparer.Ordinal)).ToList();
        var status = (required.Count == 0 ? keys.Count > 0 : missing.Count == 0) ? CheckStatus.Pass : CheckStatus.Fail;
        return new QueueTagging(status, keys, missing);
    }

    /// <summary>SQS.3: fails on a public grant, warns on a cross-account one; lint findings are listed beside the grants.</summary>
    public static QueueAccessReview Access(string? policy, string queueArn, string ownerAccount)
    {
        if (string.IsNullOrEmpty(policy))
        {
            return new QueueAccessReview(CheckStatus.Pass, false, false, [], []);
        }

        var parsed = PolicyDocument.Parse(policy, queueArn, PolicyKind.Resource);
        if (parsed.Document is not { } document)
        {
            // Stored policies were validated when set; one that no longer compiles cannot be judged, so it is not passed.
            return new QueueAccessReview(CheckStatus.Fail, true, false, [],
                [.. parsed.Errors.Select(e => new FindingView(FindingType.Error.ToName(), e.Code, e.Path, e.Message))]);
        }

        var grants = QueueAccess.Analyze(document, policy, ownerAccount);
        var findings = PolicyLinter.Lint(document, policy).Findings.Select(Finding).ToList();
        var status = grants.Any(g => g.Scope == AccessScope.Public) ? CheckStatus.Fail
            : grants.Any(g => g.Scope == AccessScope.CrossAccount) ? CheckStatus.Warn
            : CheckStatus.Pass;
        return new QueueAccessReview(status, true, PolicyLinter.DeniesPlainHttp(document, policy), grants, findings);
    }

    public static FindingView Finding(LintFinding finding) => new(finding.Type.ToName(), finding.Code, finding.Path, finding.Message);
}
