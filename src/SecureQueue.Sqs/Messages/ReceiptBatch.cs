using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Log.Messages;

namespace SecureQueue.Sqs.Messages;

/// <summary>One entry of a receipt-handle batch (delete, change visibility) after decoding, with its own value (e.g. a timeout).</summary>
internal sealed record ReceiptEntry<T>(string Id, string Handle, Crypto.Receipts.ReceiptHandleParts Parts, T Value);

/// <summary>The entries of a receipt-handle batch: decoded before the call runs, each bad one a per-entry failure.</summary>
internal sealed class ReceiptBatch<T>
{
    private readonly List<ReceiptEntry<T>> decoded = [];
    private readonly List<(string Id, SqsException Error)> failures = [];

    /// <summary>Decodes every entry's handle and value; an entry that fails is kept as a failure, never fails the batch.</summary>
    public ReceiptBatch(SqsContext context, string queryPrefix, Func<SqsParameters, Crypto.Receipts.ReceiptHandleParts, T> value)
    {
        Entries = BatchEntries.Read(context.Parameters, "Entries", queryPrefix);
        foreach (var (id, entry) in Entries)
        {
            try
            {
                var handle = entry.Required("ReceiptHandle");
                var parts = ReceiptHandles.Decode(context, handle);
                decoded.Add(new ReceiptEntry<T>(id, handle, parts, value(entry, parts)));
            }
            catch (SqsException error)
            {
                failures.Add((id, error));
            }
        }
    }

    public IReadOnlyList<(string Id, SqsParameters Entry)> Entries { get; }

    /// <summary>
    /// Inside the call's transaction: the entries whose handle belongs to this queue, with their receipts, and the
    /// failures so far (a handle of another queue is ReceiptHandleIsInvalid here).
    /// </summary>
    public (List<(ReceiptEntry<T> Entry, Receipt Receipt)> Valid, List<(string Id, SqsException Error)> Failures) ForQueue(long queueId)
    {
        var valid = new List<(ReceiptEntry<T>, Receipt)>();
        var allFailures = new List<(string Id, SqsException Error)>(failures);
        foreach (var entry in decoded)
        {
            try
            {
                valid.Add((entry, ReceiptHandles.ForQueue(entry.Parts, queueId, entry.Handle)));
            }
            catch (SqsException error)
            {
                allFailures.Add((entry.Id, error));
            }
        }

        return (valid, allFailures);
    }

    public IReadOnlyList<string> Ids => Entries.Select(e => e.Id).ToList();

    /// <summary>The entries whose handle decoded, in request order (<see cref="ForQueue"/> keeps that order).</summary>
    public IReadOnlyList<ReceiptEntry<T>> Decoded => decoded;
}
