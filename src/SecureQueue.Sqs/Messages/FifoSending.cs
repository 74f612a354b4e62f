using SecureQueue.Log.Events;
using SecureQueue.Log.Messages;
using SecureQueue.Log.Queues;
using SecureQueue.Sqs.Queues;

namespace SecureQueue.Sqs.Messages;

/// <summary>
/// The writer's part of a FIFO send: sequence numbers drawn under each group's row lock and the deduplication window
/// checked and recorded, in one statement, as rows, so they hold across gateway replicas. A duplicate stores nothing and answers
/// with the original message id and sequence number.
/// </summary>
internal static class FifoSending
{
    public const string DeduplicationLabel = "deduplication";

    /// <summary>
    /// The placement a send names ahead, so the writer places it with the batch's other FIFO sends; null on a standard
    /// queue. Made from the queue as prepared: the writer hands it over only while the queue has the same settings.
    /// </summary>
    public static PlacementRequest? Placement(QueueRecord queue, IReadOnlyList<SendRequest> requests, IReadOnlyList<SealedMessage> sealedMessages) =>
        Messages(queue, requests, sealedMessages) is { } messages ? new PlacementRequest(queue.QueueId, messages) : null;

    /// <summary>
    /// Places the <paramref name="placement"/> made ahead from the queue as prepared; the caller has checked the queue
    /// still has the same settings, so it is the placement the current queue asks for.
    /// </summary>
    public static async Task<IReadOnlyList<SentMessage>> PlaceAsync(
        LogTransaction tx, PlacementRequest? placement, IReadOnlyList<SendRequest> requests, IReadOnlyList<SealedMessage> sealedMessages)
    {
        if (placement is null)
        {
            return requests.Select((r, i) => new SentMessage(r, sealedMessages[i].MessageId, null, false)).ToList();
        }

        var placed = await tx.Messages.PlaceFifoAsync(placement.QueueId, placement.Messages, tx.Now);
        return requests.Select((r, i) => placed[i].Original is { } original
            ? new SentMessage(r, original.MessageId, original.Sequence, true)
            : new SentMessage(r, sealedMessages[i].MessageId, placed[i].Sequence, false)).ToList();
    }

    private static List<FifoMessage>? Messages(QueueRecord queue, IReadOnlyList<SendRequest> requests, IReadOnlyList<SealedMessage> sealedMessages) =>
        QueueSettings.Of(queue).Fifo is not { } fifo || requests.Count == 0
            ? null
            : requests.Select((r, i) => new FifoMessage(
                r.GroupId!,
                fifo.DeduplicateByGroup ? r.GroupId! : string.Empty,
                FifoIds.Hash(DeduplicationLabel, r.EffectiveDeduplicationId(queue)!),
                sealedMessages[i].MessageId)).ToList();

    /// <summary>The send event's FIFO detail: each stored message's sequence number, and each duplicate's original.</summary>
    public static void WriteDetail(System.Text.Json.Utf8JsonWriter json, IReadOnlyList<SentMessage> sent)
    {
        if (sent.All(s => s.Sequence is null))
        {
            return;
        }

        json.WriteStartArray("sequenceNumbers");
        foreach (var message in sent.Where(s => !s.Duplicate))
        {
            json.WriteStringValue(FifoIds.SequenceText(message.Sequence!.Value));
        }

        json.WriteEndArray();
        if (sent.Any(s => s.Duplicate))
        {
            json.WriteStartArray("duplicates");
            foreach (var message in sent.Where(s => s.Duplicate))
            {
                json.WriteStringValue(message.MessageId.ToString());
            }

            json.WriteEndArray();
        }
    }
}
