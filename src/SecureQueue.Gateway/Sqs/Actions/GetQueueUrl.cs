using SecureQueue.Gateway.Sqs.Errors;
using SecureQueue.Gateway.Sqs.Protocol;
using SecureQueue.Storage.Log;

namespace SecureQueue.Gateway.Sqs.Actions;

public sealed class GetQueueUrl : SqsAction
{
    public override string Name => "GetQueueUrl";

    public override bool HasResult => true;

    public override ResourceKind Resource => ResourceKind.QueueName;

    public override bool ReadOnly => true;

    public override async Task<ResponseObject> ExecuteAsync(SqsContext context)
    {
        if (context.Parameters.String("QueueOwnerAWSAccountId") is { } owner && owner != context.Services.Options.AccountId)
        {
            throw SqsErrors.QueueDoesNotExist();
        }

        var url = await context.LogAsync(async tx =>
        {
            var queue = await context.RequireQueueAsync(tx);
            return new Logged<string>(context.QueueUrl(queue.Name), "QueueUrlRead");
        });
        return new ResponseObject().Add("QueueUrl", url);
    }
}
