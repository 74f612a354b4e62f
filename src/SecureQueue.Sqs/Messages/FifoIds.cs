using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Sqs.Messages;

/// <summary>The caller-chosen FIFO ids (MessageGroupId, MessageDeduplicationId, ReceiveRequestAttemptId) and SequenceNumber's text.</summary>
internal static partial class FifoIds
{
    /// <summary>The id named <paramref name="name"/>, if sent: 1–128 ASCII letters, digits and punctuation (SQS checks this on standard queues too).</summary>
    public static string? Check(SqsParameters parameters, string name)
    {
        var value = parameters.String(name);
        return value is null || Pattern().IsMatch(value)
            ? value
            : throw SqsErrors.InvalidParameter(name, value, $"{name} can only include alphanumeric and punctuation characters. 1 to 128 in length.");
    }

    public static string SequenceText(decimal sequence) => sequence.ToString("0", CultureInfo.InvariantCulture);

    /// <summary>
    /// What the database keeps of a caller's deduplication or attempt id: SHA-256 over a label and the id, never the id
    /// itself (the id in clear is sealed inside the message, for receivers that ask for it).
    /// </summary>
    public static byte[] Hash(string label, string id) => SHA256.HashData(Encoding.UTF8.GetBytes($"secq/{label}/v1\0{id}"));

    // \z, not $: "$" also matches before a final newline.
    [GeneratedRegex("""^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]{1,128}\z""")]
    private static partial Regex Pattern();
}

/// <summary>A message a send accepted: its id and (FIFO) sequence number, the original ones when it was a duplicate.</summary>
internal sealed record SentMessage(SendRequest Request, Guid MessageId, decimal? Sequence, bool Duplicate);
