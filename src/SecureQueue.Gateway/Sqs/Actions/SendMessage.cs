using SecureQueue.Gateway.Authorization;
using SecureQueue.Gateway.Sqs.Messages;
using SecureQueue.Gateway.Sqs.Protocol;
using SecureQueue.Storage.Log;
using SecureQueue.Storage.Queues;

namespace SecureQueue.Gateway.Sqs.Actions;

/// <summary>SendMessage: the response is sent only after the message's event is committed.</summary>
public sealed class SendMessage : SqsAction
{
    public override string Name => "SendMessage";

    public override bool HasResult => true;

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override KeyUse? KeyUseOf(SqsParameters parameters, QueueRecord? queue) => QueueKey(queue, KeyUse.GenerateDataKey);

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var request = SendRequest.Parse(context.Parameters);
        var messageId = await context.LogAsync(async tx =>
        {
            var queue = await context.RequireQueueAsync(tx);
            request.CheckLimits(queue);
            var (key, kekVersion) = await context.CurrentDataKeyAsync(tx, queue);
            var (sealedMessage, row) = request.Prepare(queue, 0, tx.Now, key, kekVersion, context.QueueArn(queue.Name));
            tx.Messages.Insert(queue.QueueId, tx.Position, [row]);
            tx.Signal(queue.QueueId);
            return new Logged<Guid>(sealedMessage.MessageId, "MessagesSent",
                json => StoredMessages.Write(json, queue.QueueId, context.Caller.CredentialId, [sealedMessage]));
        });
        return request.Response(messageId, new ResponseObject());
    }
}
