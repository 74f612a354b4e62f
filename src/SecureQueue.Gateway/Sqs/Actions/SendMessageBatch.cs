using SecureQueue.Gateway.Authorization;
using SecureQueue.Gateway.Sqs.Errors;
using SecureQueue.Gateway.Sqs.Messages;
using SecureQueue.Gateway.Sqs.Protocol;
using SecureQueue.Storage.Log;
using SecureQueue.Storage.Messages;
using SecureQueue.Storage.Queues;

namespace SecureQueue.Gateway.Sqs.Actions;

/// <summary>SendMessageBatch: valid entries are sent together in one event; invalid ones are reported per entry.</summary>
public sealed class SendMessageBatch : SqsAction
{
    private const int MaxBatchBytes = 1_048_576;

    public override string Name => "SendMessageBatch";

    public override string IamAction => "sqs:SendMessage";

    public override bool HasResult => true;

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override KeyUse? KeyUseOf(SqsParameters parameters, QueueRecord? queue) => QueueKey(queue, KeyUse.GenerateDataKey);

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var entries = BatchEntries.Read(context.Parameters, "Entries", "SendMessageBatchRequestEntry");
        var parsed = new List<(string Id, SendRequest? Request, SqsException? Error)>();
        foreach (var (id, entry) in entries)
        {
            try
            {
                parsed.Add((id, SendRequest.Parse(entry), null));
            }
            catch (SqsException error)
            {
                parsed.Add((id, null, error));
            }
        }

        var total = parsed.Sum(p => (long)(p.Request?.Size ?? 0));
        if (total > MaxBatchBytes)
        {
            throw SqsErrors.BatchRequestTooLong(total);
        }

        var outcomes = await context.LogAsync(async tx =>
        {
            var queue = await context.RequireQueueAsync(tx);
            var results = new List<(string Id, SendRequest? Request, Guid MessageId, SqsException? Error)>();
            foreach (var (id, request, error) in parsed)
            {
                try
                {
                    request?.CheckLimits(queue);
                    results.Add((id, request, Guid.Empty, error));
                }
                catch (SqsException entryError)
                {
                    results.Add((id, null, Guid.Empty, entryError));
                }
            }

            // A data key is made (a write) only once some entry is known to be sent.
            var stored = new List<SealedMessage>();
            var rows = new List<NewMessage>();
            if (results.Any(r => r.Request is not null))
            {
                var (key, kekVersion) = await context.CurrentDataKeyAsync(tx, queue);
                for (var i = 0; i < results.Count; i++)
                {
                    if (results[i].Request is { } request)
                    {
                        var (message, row) = request.Prepare(queue, (short)rows.Count, tx.Now, key, kekVersion, context.QueueArn(queue.Name));
                        stored.Add(message);
                        rows.Add(row);
                        results[i] = results[i] with { MessageId = message.MessageId };
                    }
                }
            }

            if (rows.Count > 0)
            {
                tx.Messages.Insert(queue.QueueId, tx.Position, rows);
                tx.Signal(queue.QueueId);
            }

            return new Logged<List<(string Id, SendRequest? Request, Guid MessageId, SqsException? Error)>>(results, "MessagesSent",
                json => StoredMessages.Write(json, queue.QueueId, context.Caller.CredentialId, stored));
        });

        return MessageResponses.Batch(
            "SendMessageBatchResultEntry",
            outcomes.Where(o => o.Request is not null).Select(o => (ResponseNode)o.Request!.Response(o.MessageId, new ResponseObject().Add("Id", o.Id))).ToList(),
            outcomes.Where(o => o.Request is null).Select(o => (ResponseNode)MessageResponses.Failure(o.Id, o.Error!)).ToList());
    }
}
