using System.Text;
using System.Text.Json;
using SecureQueue.Trail.Records;

namespace SecureQueue.Trail.Tests.Records;

public sealed class CloudTrailRecordTests
{
    private static readonly TrailSettings Settings = new("123456789012", "eu-west-1");
    private static readonly Guid EventId = Guid.Parse("0191c0de-0000-7000-8000-000000000001");

    private const string Send = """
        {"v":2,"type":"MessagesSent","time":"2026-11-29T10:11:12.345678Z","requestId":"6f1c5a7e-5d7b-4a43-9d36-1a2b3c4d5e6f",
         "action":"SendMessage","principalArn":"arn:aws:iam::123456789012:user/alice","accessKeyId":"AKIAALICE","sourceIp":"10.0.0.7",
         "userAgent":"aws-cli/1.43","resourceArn":"arn:aws:sqs:eu-west-1:123456789012:orders","tlsVersion":"TLSv1.3",
         "tlsCipher":"TLS_AES_256_GCM_SHA384","eventSource":"sqs.amazonaws.com","region":"eu-west-1","host":"queue.example:8443",
         "authentication":{"method":"SigV4","credentialId":"AKIAALICE","userName":"alice"},"readOnly":false,"dataEvent":true,
         "requestParameters":{"queueUrl":"https://queue.example:8443/123456789012/orders","messageBody":"HIDDEN_DUE_TO_SECURITY_REASONS"},
         "authorization":{"decision":"Allow","matchedStatements":["alice#SendOrders"]},
         "detail":{"queueId":1,"senderId":"AKIAALICE","messages":[{"id":"0191c0de-0000-7000-8000-0000000000aa","keyId":"0191c0de-0000-7000-8000-0000000000bb","kekVersion":1,"sealed":"AAAA"}]}}
        """;

    [Fact]
    public void Render_SendMessage_HasEveryCloudTrailFieldAndNoSealedBody()
    {
        var record = Render(Send, position: 42);

        Assert.Equal("1.11", record.GetProperty("eventVersion").GetString());
        Assert.Equal("2026-11-29T10:11:12Z", record.GetProperty("eventTime").GetString());
        Assert.Equal("sqs.amazonaws.com", record.GetProperty("eventSource").GetString());
        Assert.Equal("SendMessage", record.GetProperty("eventName").GetString());
        Assert.Equal("eu-west-1", record.GetProperty("awsRegion").GetString());
        Assert.Equal("10.0.0.7", record.GetProperty("sourceIPAddress").GetString());
        Assert.Equal("aws-cli/1.43", record.GetProperty("userAgent").GetString());
        Assert.Equal("6f1c5a7e-5d7b-4a43-9d36-1a2b3c4d5e6f", record.GetProperty("requestID").GetString());
        Assert.Equal(EventId.ToString(), record.GetProperty("eventID").GetString());
        Assert.False(record.GetProperty("readOnly").GetBoolean());
        Assert.Equal("AwsApiCall", record.GetProperty("eventType").GetString());
        Assert.False(record.GetProperty("managementEvent").GetBoolean());
        Assert.Equal("Data", record.GetProperty("eventCategory").GetString());
        Assert.Equal("123456789012", record.GetProperty("recipientAccountId").GetString());

        var identity = record.GetProperty("userIdentity");
        Assert.Equal("IAMUser", identity.GetProperty("type").GetString());
        Assert.Equal("arn:aws:iam::123456789012:user/alice", identity.GetProperty("arn").GetString());
        Assert.Equal("123456789012", identity.GetProperty("accountId").GetString());
        Assert.Equal("AKIAALICE", identity.GetProperty("accessKeyId").GetString());
        Assert.Equal("alice", identity.GetProperty("userName").GetString());

        Assert.Equal("HIDDEN_DUE_TO_SECURITY_REASONS", record.GetProperty("requestParameters").GetProperty("messageBody").GetString());
        Assert.Equal("0191c0de-0000-7000-8000-0000000000aa", record.GetProperty("responseElements").GetProperty("messageId").GetString());
        var resource = Assert.Single(record.GetProperty("resources").EnumerateArray());
        Assert.Equal("AWS::SQS::Queue", resource.GetProperty("type").GetString());
        Assert.Equal("arn:aws:sqs:eu-west-1:123456789012:orders", resource.GetProperty("ARN").GetString());
        var tls = record.GetProperty("tlsDetails");
        Assert.Equal("TLSv1.3", tls.GetProperty("tlsVersion").GetString());
        Assert.Equal("queue.example:8443", tls.GetProperty("clientProvidedHostHeader").GetString());
        var additional = record.GetProperty("additionalEventData");
        Assert.Equal(42, additional.GetProperty("logPosition").GetInt64());
        Assert.Equal("Allow", additional.GetProperty("authorization").GetProperty("decision").GetString());
        Assert.DoesNotContain("AAAA", record.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("sealed", record.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DeniedJwtCall_IsWebIdentityUserWithErrorAndNoResponse()
    {
        var record = Render("""
            {"v":2,"type":"CallFailed","time":"2026-11-29T10:11:12Z","requestId":"6f1c5a7e-5d7b-4a43-9d36-1a2b3c4d5e6f","action":"DeleteQueue",
             "principalArn":"arn:aws:iam::123456789012:role/ci","sourceIp":"10.0.0.8","eventSource":"sqs.amazonaws.com","readOnly":false,"dataEvent":false,
             "authentication":{"method":"Jwt","credentialId":"https://issuer.example|ci-bot","userName":"ci"},
             "authorization":{"decision":"ExplicitDeny","matchedStatements":["guardrails#NoDelete"]},"errorCode":"AccessDenied","errorMessage":"denied"}
            """);

        var identity = record.GetProperty("userIdentity");
        Assert.Equal("WebIdentityUser", identity.GetProperty("type").GetString());
        Assert.Equal("https://issuer.example|ci-bot", identity.GetProperty("principalId").GetString());
        Assert.Equal("https://issuer.example", identity.GetProperty("identityProvider").GetString());
        Assert.Equal("ci-bot", identity.GetProperty("sessionContext").GetProperty("webIdFederationData").GetProperty("attributes").GetProperty("sub").GetString());
        Assert.Equal("AccessDenied", record.GetProperty("errorCode").GetString());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("responseElements").ValueKind);
        Assert.Equal(JsonValueKind.Null, record.GetProperty("requestParameters").ValueKind);
        Assert.Equal("Management", record.GetProperty("eventCategory").GetString());
        Assert.Equal("us-east-1", Render(Send.Replace("\"region\":\"eu-west-1\",", "", StringComparison.Ordinal), settings: new("123456789012", "us-east-1")).GetProperty("awsRegion").GetString());
    }

    [Fact]
    public void Render_AnonymousFrontDoorCaller_AsCloudTrailWritesAnonymousRequests()
    {
        var identity = Render("""
            {"v":2,"type":"RequestForwarded","time":"2026-11-29T10:11:12Z","requestId":"6f1c5a7e-5d7b-4a43-9d36-1a2b3c4d5e6f","action":"Invoke",
             "principalArn":"anonymous","sourceIp":"10.0.0.9","readOnly":true,"eventSource":"execute-api.amazonaws.com",
             "authentication":{"method":"Anonymous","credentialId":"anonymous","userName":"anonymous"}}
            """).GetProperty("userIdentity");
        Assert.Equal(("AWSAccount", "", "ANONYMOUS_PRINCIPAL"),
            (identity.GetProperty("type").GetString(), identity.GetProperty("principalId").GetString(), identity.GetProperty("accountId").GetString()));
        Assert.False(identity.TryGetProperty("arn", out _));
    }

    [Fact]
    public void Render_CertificateAndFailedAndInternalCallers()
    {
        var certificate = Render("""
            {"v":2,"type":"QueuesListed","time":"2026-11-29T10:11:12Z","requestId":"6f1c5a7e-5d7b-4a43-9d36-1a2b3c4d5e6f","action":"ListQueues",
             "principalArn":"arn:aws:iam::123456789012:user/svc","sourceIp":"10.0.0.9","readOnly":true,
             "authentication":{"method":"ClientCertificate","credentialId":"x509:ab12","userName":"svc","certificateSubject":"CN=svc"}}
            """).GetProperty("userIdentity");
        Assert.Equal("X509Client", certificate.GetProperty("type").GetString());
        Assert.Equal("CN=svc", certificate.GetProperty("certificate").GetProperty("subject").GetString());
        Assert.Equal("ab12", certificate.GetProperty("certificate").GetProperty("sha256Thumbprint").GetString());

        var failed = Render("""
            {"v":2,"type":"CallFailed","time":"2026-11-29T10:11:12Z","requestId":"6f1c5a7e-5d7b-4a43-9d36-1a2b3c4d5e6f","action":"ListQueues",
             "accessKeyId":"AKIAUNKNOWN","sourceIp":"10.0.0.9","errorCode":"InvalidClientTokenId"}
            """).GetProperty("userIdentity");
        Assert.Equal("Unknown", failed.GetProperty("type").GetString());
        Assert.Equal("AKIAUNKNOWN", failed.GetProperty("accessKeyId").GetString());

        var sweep = Render("""
            {"v":1,"type":"MessagesExpired","time":"2026-11-29T10:11:12Z","requestId":"6f1c5a7e-5d7b-4a43-9d36-1a2b3c4d5e6f","action":"RetentionSweep",
             "principalArn":"secq:system","sourceIp":"internal","detail":{"queueId":4,"expired":12}}
            """);
        Assert.Equal("AWSService", sweep.GetProperty("userIdentity").GetProperty("type").GetString());
        Assert.Equal("AwsServiceEvent", sweep.GetProperty("eventType").GetString());
        Assert.Equal(CloudTrailRecord.InternalSource, sweep.GetProperty("eventSource").GetString());
        Assert.Equal(12, sweep.GetProperty("serviceEventDetails").GetProperty("expired").GetInt32());
        Assert.Equal(JsonValueKind.Null, sweep.GetProperty("responseElements").ValueKind);
    }

    [Fact]
    public void Render_CallersDetail_NotAServiceEventDetail()
    {
        var call = Render("""
            {"v":2,"type":"QueueTagged","time":"2026-11-29T10:11:12Z","requestId":"6f1c5a7e-5d7b-4a43-9d36-1a2b3c4d5e6f","action":"TagQueue",
             "principalArn":"arn:aws:iam::123456789012:user/svc","sourceIp":"10.0.0.9","detail":{"tags":1}}
            """);

        Assert.False(call.TryGetProperty("serviceEventDetails", out _));
    }

    private static JsonElement Render(string data, long? position = null, TrailSettings? settings = null)
    {
        var bytes = CloudTrailRecord.Render(new StoredEvent(EventId, 7, position, Encoding.UTF8.GetBytes(data)), settings ?? Settings);
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }
}
