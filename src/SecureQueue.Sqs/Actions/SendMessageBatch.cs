using SecureQueue.Gateway.Authorization;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Messages;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Log.Queues;

namespace SecureQueue.Sqs.Actions;

/// <summary>SendMessageBatch: valid entries are sent together in one event; invalid ones are reported per entry.</summary>
internal sealed class SendMessageBatch : SqsAction
{

    public override string Name => "SendMessageBatch";

    public override string IamAction => "sqs:SendMessage";

    public override bool HasResult => true;

    public override bool DataEvent => true;

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
        if (total > SqsLimits.MaxMessageBytes)
        {
            throw SqsErrors.BatchRequestTooLong(total);
        }

        // Entries that break the queue's own limits are reported per entry; the rest are sealed and sent together.
        var limitErrors = new Dictionary<string, SqsException>();
        var sent = await MessageSending.SendAsync(context, queue =>
        {
            limitErrors.Clear();
            foreach (var (_, request, _) in parsed.Where(p => p.Request is not null))
            {
                request!.CheckRequest(queue, batch: true);
            }

            var accepted = new List<SendRequest>();
            foreach (var (id, request, _) in parsed.Where(p => p.Request is not null))
            {
                try
                {
                    request!.CheckLimits(queue);
                    accepted.Add(request);
                }
                catch (SqsException entryError)
                {
                    limitErrors[id] = entryError;
                }
            }

            return accepted;
        });

        // By reference: two entries may carry equal requests, and each is its own message.
        var messageIds = sent.ToDictionary(s => (object)s.Request, s => s, ReferenceEqualityComparer.Instance);
        return MessageResponses.Batch(
            "SendMessageBatchResultEntry",
            parsed.Where(p => p.Request is not null && messageIds.ContainsKey(p.Request))
                .Select(p => (ResponseNode)p.Request!.Response(messageIds[p.Request!], new ResponseObject().Add("Id", p.Id))).ToList(),
            parsed.Where(p => p.Request is null || !messageIds.ContainsKey(p.Request))
                .Select(p => (ResponseNode)MessageResponses.Failure(p.Id, p.Error ?? limitErrors[p.Id])).ToList());
    }
}
