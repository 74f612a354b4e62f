using SecureQueue.Gateway.Authorization;
using SecureQueue.Sqs.Messages;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Log.Queues;

namespace SecureQueue.Sqs.Actions;

/// <summary>SendMessage: sealed on the request path; the response is sent only after the message's event is committed.</summary>
internal sealed class SendMessage : SqsAction
{
    public override string Name => "SendMessage";

    public override bool HasResult => true;

    public override bool DataEvent => true;

    public override ResourceKind Resource => ResourceKind.QueueUrl;

    public override KeyUse? KeyUseOf(SqsParameters parameters, QueueRecord? queue) => QueueKey(queue, KeyUse.GenerateDataKey);

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        var request = SendRequest.Parse(context.Parameters);
        var sent = await MessageSending.SendAsync(context, queue =>
        {
            request.CheckRequest(queue, batch: false);
            request.CheckLimits(queue);
            return [request];
        });
        return request.Response(sent[0], new ResponseObject());
    }
}
