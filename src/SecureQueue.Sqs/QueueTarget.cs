using SecureQueue.Log.Queues;
using SecureQueue.Sqs.Errors;

namespace SecureQueue.Sqs;

/// <summary>The queue a call names, by account, region and name.</summary>
internal sealed record QueueTarget(string AccountId, string Name, string Region)
{
    /// <summary>No valid queue URL or name is longer; longer ones are refused before they reach authorization or the audit log.</summary>
    public const int MaxLength = 1024;

    /// <summary>
    /// Reads a QueueUrl the way AWS accepts it: a full URL, <c>account/name</c> or a bare name; any host is accepted
    /// because the gateway may sit behind any DNS name. A queue of a region other than the default one has a URL of the
    /// form <c>region/account/name</c>; the region it names must be the call's (<paramref name="region"/>, from its
    /// credential scope), as a queue URL at AWS only answers calls signed for its own region.
    /// </summary>
    public static QueueTarget FromUrl(string queueUrl, string defaultAccount, string region)
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
            [var name] when name.Length > 0 => new QueueTarget(defaultAccount, name, region),
            [var account, var name] when account.Length > 0 && name.Length > 0 => new QueueTarget(account, name, region),
            [var named, var account, var name] when named == region && account.Length > 0 && name.Length > 0 => new QueueTarget(account, name, region),
            [var named, _, _] when named.Length > 0 => throw SqsErrors.OtherRegion(queueUrl, region),
            _ => throw SqsErrors.InvalidAddress(queueUrl),
        };
    }

    /// <summary>A QueueName parameter; its own rules are checked by the action, only its length here, before it is authorized or audited.</summary>
    public static QueueTarget FromName(string name, string account, string region) =>
        name.Length <= MaxLength
            ? new QueueTarget(account, name, region)
            : throw SqsErrors.InvalidParameter("QueueName", name, "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");

    /// <summary>A queue ARN parameter (a move task's SourceArn or DestinationArn); one that is not a queue ARN is refused with SQS's format text.</summary>
    public static QueueTarget FromArn(string arn, string parameter) =>
        arn.Length <= MaxLength && Queues.QueueArn.Parse(arn) is { } parsed
            ? new QueueTarget(parsed.Account, parsed.Name, parsed.Region)
            : throw SqsErrors.InvalidParameterValue($"You must use this format to specify the {parameter}: arn:<partition>:<service>:<region>:<account-id>:<resource-id>");

    public QueueKey Key => new(AccountId, Region, Name);

    public string Arn => $"arn:aws:sqs:{Region}:{AccountId}:{Name}";
}
