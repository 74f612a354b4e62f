using SecureQueue.Log.Events;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Sqs.Actions;

/// <summary>GetQueueUrl: read on a pooled connection; only its event goes through the writer.</summary>
internal sealed class GetQueueUrl : SqsAction
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

        var url = context.QueueUrl((await context.ReadQueueAsync()).Name);
        await context.AppendAsync(EventTypes.QueueUrlRead);
        return new ResponseObject().Add("QueueUrl", url);
    }
}
