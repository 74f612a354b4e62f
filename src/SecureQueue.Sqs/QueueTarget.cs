using SecureQueue.Sqs.Errors;

namespace SecureQueue.Sqs;

/// <summary>The queue a call names, by account and name.</summary>
public sealed record QueueTarget(string AccountId, string Name)
{
    /// <summary>No valid queue URL or name is longer; longer ones are refused before they reach authorization or the audit log.</summary>
    public const int MaxLength = 1024;

    /// <summary>
    /// Reads a QueueUrl the way AWS accepts it: a full URL, <c>account/name</c> or a bare name; any host is
    /// accepted because the gateway may sit behind any DNS name.
    /// </summary>
    public static QueueTarget FromUrl(string queueUrl, string defaultAccount)
    {
        if (queueUrl.Length > MaxLength)
        {
            throw SqsErrors.InvalidAddress(queueUrl);
        }

        var path = queueUrl;
        if (Uri.TryCreate(queueUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            path = uri.AbsolutePath;
        }

        var parts = path.Trim('/').Split('/');
        return parts switch
        {
            [var name] when name.Length > 0 => new QueueTarget(defaultAccount, name),
            [var account, var name] when account.Length > 0 && name.Length > 0 => new QueueTarget(account, name),
            _ => throw SqsErrors.InvalidAddress(queueUrl),
        };
    }

    /// <summary>A QueueName parameter; its own rules are checked by the action, only its length here, before it is authorized or audited.</summary>
    public static QueueTarget FromName(string name, string account) =>
        name.Length <= MaxLength
            ? new QueueTarget(account, name)
            : throw SqsErrors.InvalidParameter("QueueName", name, "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");

    public string Arn(string region) => $"arn:aws:sqs:{region}:{AccountId}:{Name}";
}
