using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Sqs.Messages;

/// <summary>Response shapes shared by the message actions.</summary>
internal static class MessageResponses
{
    /// <summary>Message attributes as SQS returns them: <c>MessageAttribute{Name, Value{StringValue|BinaryValue, DataType}}</c>.</summary>
    public static ResponseMap Attributes(IReadOnlyDictionary<string, MessageAttributeValue> attributes) => new(
        "MessageAttribute",
        "Name",
        "Value",
        attributes.Select(a => new KeyValuePair<string, ResponseNode>(a.Key, AttributeValue(a.Value))).ToList());

    public static ResponseNode AttributeValue(MessageAttributeValue value)
    {
        var node = new ResponseObject();
        if (value.StringValue is not null)
        {
            node.Add("StringValue", value.StringValue);
        }
        else
        {
            node.Add("BinaryValue", Convert.ToBase64String(value.BinaryValue ?? []));
        }

        return node.Add("DataType", value.DataType);
    }

    /// <summary>A batch's failed entry (<c>BatchResultErrorEntry</c>).</summary>
    public static ResponseObject Failure(string id, Errors.SqsException error) =>
        new ResponseObject().Add("Id", id).Add("SenderFault", error.Code.SenderFault).Add("Code", error.Code.QueryCode).Add("Message", error.Message);

    /// <summary>A batch result where every entry not failed succeeded with just its <c>Id</c>.</summary>
    public static ResponseObject Batch(string successName, IReadOnlyList<string> ids, IReadOnlyList<(string Id, Errors.SqsException Error)> failed)
    {
        var failedIds = failed.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        return Batch(
            successName,
            ids.Where(id => !failedIds.Contains(id)).Select(id => (ResponseNode)new ResponseObject().Add("Id", id)).ToList(),
            failed.Select(f => (ResponseNode)Failure(f.Id, f.Error)).ToList());
    }

    /// <summary>Adds <c>Successful</c>/<c>Failed</c> lists with each action's XML entry name.</summary>
    public static ResponseObject Batch(string successName, IReadOnlyList<ResponseNode> successful, IReadOnlyList<ResponseNode> failed) =>
        new ResponseObject()
            .Add("Successful", new ResponseList(successName, successful))
            .Add("Failed", new ResponseList("BatchResultErrorEntry", failed));
}
