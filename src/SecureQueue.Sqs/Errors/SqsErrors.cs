using SecureQueue.Gateway.Authentication;

namespace SecureQueue.Sqs.Errors;

/// <summary>Every SQS error the gateway returns, mapped to AWS's codes, shapes and statuses in this one place.</summary>
internal static class SqsErrors
{
    private const string Sqs = "com.amazonaws.sqs";
    private const string Coral = "com.amazon.coral.service";

    public static readonly SqsErrorCode QueueDoesNotExistCode = new(Sqs, "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", 400);
    public static readonly SqsErrorCode QueueNameExistsCode = new(Sqs, "QueueNameExists", "QueueAlreadyExists", 400);
    public static readonly SqsErrorCode QueueDeletedRecentlyCode = new(Sqs, "QueueDeletedRecently", "AWS.SimpleQueueService.QueueDeletedRecently", 400);
    public static readonly SqsErrorCode PurgeQueueInProgressCode = new(Sqs, "PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress", 403);
    public static readonly SqsErrorCode ReceiptHandleIsInvalidCode = new(Sqs, "ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", 404);
    public static readonly SqsErrorCode BatchEntryIdsNotDistinctCode = new(Sqs, "BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400);
    public static readonly SqsErrorCode BatchRequestTooLongCode = new(Sqs, "BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong", 400);
    public static readonly SqsErrorCode EmptyBatchRequestCode = new(Sqs, "EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", 400);
    public static readonly SqsErrorCode InvalidBatchEntryIdCode = new(Sqs, "InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId", 400);
    public static readonly SqsErrorCode TooManyEntriesCode = new(Sqs, "TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400);
    public static readonly SqsErrorCode InvalidAttributeNameCode = new(Sqs, "InvalidAttributeName", "InvalidAttributeName", 400);
    public static readonly SqsErrorCode InvalidAttributeValueCode = new(Sqs, "InvalidAttributeValue", "InvalidAttributeValue", 400);
    public static readonly SqsErrorCode InvalidMessageContentsCode = new(Sqs, "InvalidMessageContents", "InvalidMessageContents", 400);
    public static readonly SqsErrorCode InvalidParameterValueCode = new(Coral, "InvalidParameterValueException", "InvalidParameterValue", 400);
    public static readonly SqsErrorCode MissingParameterCode = new(Coral, "MissingRequiredParameterException", "MissingParameter", 400);
    public static readonly SqsErrorCode AccessDeniedCode = new(Coral, "AccessDeniedException", "AccessDenied", 403);
    public static readonly SqsErrorCode InvalidActionCode = new(Coral, "InvalidAction", "InvalidAction", 400);
    public static readonly SqsErrorCode SerializationCode = new(Coral, "SerializationException", "SerializationException", 400);
    public static readonly SqsErrorCode RequestTooLargeCode = new(Coral, "RequestEntityTooLarge", "RequestEntityTooLarge", 413);
    public static readonly SqsErrorCode InvalidSecurityCode = new(Sqs, "InvalidSecurity", "AWS.SimpleQueueService.InvalidSecurity", 403);
    public static readonly SqsErrorCode KmsNotFoundCode = new(Sqs, "KmsNotFound", "KMS.NotFoundException", 400);
    public static readonly SqsErrorCode KmsAccessDeniedCode = new(Sqs, "KmsAccessDenied", "KMS.AccessDeniedException", 400);
    public static readonly SqsErrorCode OverLimitCode = new(Sqs, "OverLimit", "OverLimit", 403);
    public static readonly SqsErrorCode InvalidAddressCode = new(Sqs, "InvalidAddress", "InvalidAddress", 404);
    public static readonly SqsErrorCode RequestAbortedCode = new(Coral, "RequestAborted", "RequestAborted", 499);
    public static readonly SqsErrorCode MissingAuthenticationTokenCode = new(Coral, "MissingAuthenticationTokenException", "MissingAuthenticationToken", 403);
    public static readonly SqsErrorCode IncompleteSignatureCode = new(Coral, "IncompleteSignatureException", "IncompleteSignature", 400);
    public static readonly SqsErrorCode InvalidClientTokenIdCode = new(Coral, "InvalidClientTokenId", "InvalidClientTokenId", 403);
    public static readonly SqsErrorCode SignatureDoesNotMatchCode = new(Coral, "SignatureDoesNotMatch", "SignatureDoesNotMatch", 403);
    public static readonly SqsErrorCode RequestExpiredCode = new(Coral, "RequestExpired", "RequestExpired", 400);
    public static readonly SqsErrorCode InvalidTokenCode = new(Coral, "InvalidToken", "InvalidToken", 401);
    public static readonly SqsErrorCode ResourceNotFoundCode = new(Sqs, "ResourceNotFoundException", "ResourceNotFoundException", 404);
    public static readonly SqsErrorCode InternalFailureCode = new(Coral, "InternalFailure", "InternalFailure", 500, SenderFault: false);

    public static SqsException QueueDoesNotExist() =>
        new(QueueDoesNotExistCode, "The specified queue does not exist.", "The specified queue does not exist for this wsdl version.");

    public static SqsException QueueNameExists(string attribute) =>
        new(QueueNameExistsCode, $"A queue already exists with the same name and a different value for attribute {attribute}");

    public static SqsException QueueDeletedRecently() =>
        new(QueueDeletedRecentlyCode, "You must wait 60 seconds after deleting a queue before you can create another with the same name.");

    public static SqsException PurgeQueueInProgress(string queueName) =>
        new(PurgeQueueInProgressCode, $"Only one PurgeQueue operation on {queueName} is allowed every 60 seconds.");

    public static SqsException ReceiptHandleIsInvalid(string handle) =>
        new(ReceiptHandleIsInvalidCode, $"The input receipt handle \"{Truncate(handle)}\" is not a valid receipt handle.");

    public static SqsException BatchEntryIdsNotDistinct(string id) =>
        new(BatchEntryIdsNotDistinctCode, $"Id {id} repeated.");

    public static SqsException BatchRequestTooLong(long size) =>
        new(BatchRequestTooLongCode, $"Batch requests cannot be longer than {SqsLimits.MaxMessageBytes} bytes. You have sent {size} bytes.");

    public static SqsException EmptyBatchRequest(string entryName) =>
        new(EmptyBatchRequestCode, $"There should be at least one {entryName} in the request.");

    public static SqsException InvalidBatchEntryId() =>
        new(InvalidBatchEntryIdCode, "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.");

    public static SqsException TooManyEntries(int count) =>
        new(TooManyEntriesCode, $"Maximum number of entries per request are 10. You have sent {count}.");

    public static SqsException InvalidAttributeName(string message) => new(InvalidAttributeNameCode, message);

    public static SqsException InvalidAttributeValue(string message) => new(InvalidAttributeValueCode, message);

    public static SqsException InvalidMessageContents(string message) => new(InvalidMessageContentsCode, message);

    public static SqsException InvalidParameterValue(string message) => new(InvalidParameterValueCode, message);

    public static SqsException InvalidParameter(string parameter, string value, string reason) =>
        new(InvalidParameterValueCode, $"Value {Truncate(value)} for parameter {parameter} is invalid. Reason: {reason}");

    public static SqsException MissingParameter(string parameter) =>
        new(MissingParameterCode, $"The request must contain the parameter {parameter}.");

    public static SqsException AccessDenied(string message) => new(AccessDeniedCode, message);

    public static SqsException InvalidAction(string action) =>
        new(InvalidActionCode, $"The action {Truncate(action)} is not valid for this endpoint.");

    public static SqsException Serialization(string message) => new(SerializationCode, message);

    public static SqsException RequestTooLarge(long limit) =>
        new(RequestTooLargeCode, $"Request bodies cannot be longer than {limit} bytes.");

    public static SqsException InvalidSecurity() =>
        new(InvalidSecurityCode, "This request must be sent over HTTPS.");

    public static SqsException InvalidAddress(string queueUrl) =>
        new(InvalidAddressCode, $"The address {Truncate(queueUrl)} is not valid for this endpoint.");

    public static SqsException OtherRegion(string queueUrl, string region) =>
        new(InvalidAddressCode, $"The address {Truncate(queueUrl)} is not valid for this endpoint: it names a queue of another region than {region}, the region the request was signed for.");

    public static SqsException KmsNotFound(string keyId) =>
        new(KmsNotFoundCode, $"Invalid keyId {Truncate(keyId)}");

    /// <summary>Recorded, never sent: the client went away before the call was answered.</summary>
    public static SqsException RequestAborted() =>
        new(RequestAbortedCode, "The client closed the connection before the call was answered.");

    /// <summary>A kms permission the call needs on a customer key is missing; SQS's code for KMS permission failures.</summary>
    public static SqsException KmsAccessDenied(string message) => new(KmsAccessDeniedCode, message);

    /// <summary>A failed authentication as SQS reports it, with the bearer challenge where there is one.</summary>
    public static SqsException Authentication(AuthenticationResult result)
    {
        var code = result.Failure switch
        {
            AuthenticationFailure.MissingCredentials => MissingAuthenticationTokenCode,
            AuthenticationFailure.IncompleteSignature => IncompleteSignatureCode,
            AuthenticationFailure.UnknownCredential => InvalidClientTokenIdCode,
            AuthenticationFailure.Expired => RequestExpiredCode,
            AuthenticationFailure.InvalidBearerToken => InvalidTokenCode,
            AuthenticationFailure.SignatureMismatch => SignatureDoesNotMatchCode,
            _ => throw new InvalidOperationException("A successful authentication has no error."),
        };
        return new SqsException(code, result.Message)
        {
            Headers = result.Challenge is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["WWW-Authenticate"] = result.Challenge },
        };
    }

    /// <summary>A queue named by a move task's SourceArn or DestinationArn that does not exist (SQS's text for each parameter).</summary>
    public static SqsException ResourceNotFound(string parameter) =>
        new(ResourceNotFoundCode, $"The resource that you specified for the {parameter} parameter doesn't exist.");

    public static SqsException TaskDoesNotExist() => new(ResourceNotFoundCode, "Task does not exist.");

    public static SqsException InternalFailure() =>
        new(InternalFailureCode, "The request processing has failed because of an unknown error, exception or failure.");

    /// <summary>Keeps caller-supplied text in error messages and audit events short.</summary>
    private static string Truncate(string value) => value.Length <= 256 ? value : value[..256] + "…";
}
