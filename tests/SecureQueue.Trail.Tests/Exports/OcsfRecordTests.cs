using System.Buffers;
using System.Text;
using System.Text.Json;
using SecureQueue.Trail.Exports.Ocsf;
using SecureQueue.Trail.Records;

namespace SecureQueue.Trail.Tests.Exports;

public sealed class OcsfRecordTests
{
    private static readonly TrailSettings Settings = new("123456789012", "eu-west-1");

    private const string Allowed = """
        {"v":2,"type":"MessagesSent","time":"2026-11-29T10:11:12.345678Z","requestId":"6f1c5a7e-5d7b-4a43-9d36-1a2b3c4d5e6f",
         "action":"SendMessage","principalArn":"arn:aws:iam::123456789012:user/alice","accessKeyId":"AKIAALICE","sourceIp":"10.0.0.7",
         "userAgent":"aws-cli/1.43","resourceArn":"arn:aws:sqs:eu-west-1:123456789012:orders","tlsVersion":"TLSv1.3","eventSource":"sqs.amazonaws.com",
         "authentication":{"method":"SigV4","credentialId":"AKIAALICE","userName":"alice"},"readOnly":false,"dataEvent":true,
         "requestParameters":{"queueUrl":"https://q/123456789012/orders","messageBody":"HIDDEN_DUE_TO_SECURITY_REASONS"},
         "authorization":{"decision":"Allowed","matchedStatements":["alice#SendOrders"]},
         "detail":{"queueId":1,"messages":[{"id":"0191c0de-0000-7000-8000-0000000000aa","sealed":"AAAA"}]}}
        """;

    private const string Denied = """
        {"v":2,"type":"CallFailed","time":"2026-11-29T10:11:13Z","requestId":"6f1c5a7e-5d7b-4a43-9d36-1a2b3c4d5e70","action":"DeleteQueue",
         "principalArn":"arn:aws:iam::123456789012:role/ci","sourceIp":"ci.example","eventSource":"sqs.amazonaws.com","readOnly":false,
         "authentication":{"method":"Jwt","credentialId":"https://issuer.example|ci-bot","userName":"ci"},
         "authorization":{"decision":"ExplicitDeny","matchedStatements":["guardrails#NoDelete"]},"errorCode":"AccessDenied","errorMessage":"denied"}
        """;

    private const string Failed = """
        {"v":2,"type":"CallFailed","time":"2026-11-29T10:11:14Z","requestId":"6f1c5a7e-5d7b-4a43-9d36-1a2b3c4d5e71","action":"GetQueueUrl",
         "sourceIp":"10.0.0.9","accessKeyId":"AKIAUNKNOWN","eventSource":"sqs.amazonaws.com","readOnly":true,
         "errorCode":"InvalidClientTokenId","errorMessage":"The security token included in the request is invalid."}
        """;

    [Fact]
    public void Write_AllowedSend_ApiActivityCreateSucceeded()
    {
        var e = Write(Allowed, 42);
        Assert.Equal((6003, 6, 1, 600301), (Int(e, "class_uid"), Int(e, "category_uid"), Int(e, "activity_id"), Int(e, "type_uid")));
        Assert.Equal("API Activity: Create", e.GetProperty("type_name").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 10, 11, 12, 345, TimeSpan.Zero).ToUnixTimeMilliseconds(), e.GetProperty("time").GetInt64());
        Assert.Equal((1, 1), (Int(e, "status_id"), Int(e, "severity_id")));
        Assert.False(e.TryGetProperty("status_code", out _));
        var user = e.GetProperty("actor").GetProperty("user");
        Assert.Equal("arn:aws:iam::123456789012:user/alice", user.GetProperty("uid").GetString());
        Assert.Equal("alice", user.GetProperty("name").GetString());
        Assert.Equal(("IAMUser", 1), (user.GetProperty("type").GetString(), Int(user, "type_id")));
        Assert.Equal("AKIAALICE", user.GetProperty("credential_uid").GetString());
        Assert.Equal("123456789012", user.GetProperty("account").GetProperty("uid").GetString());
        var authorization = Assert.Single(e.GetProperty("actor").GetProperty("authorizations").EnumerateArray());
        Assert.Equal("Allowed", authorization.GetProperty("decision").GetString());
        Assert.Equal("alice#SendOrders", authorization.GetProperty("policy").GetProperty("name").GetString());
        var api = e.GetProperty("api");
        Assert.Equal("SendMessage", api.GetProperty("operation").GetString());
        Assert.Equal("sqs.amazonaws.com", api.GetProperty("service").GetProperty("name").GetString());
        Assert.Equal("6f1c5a7e-5d7b-4a43-9d36-1a2b3c4d5e6f", api.GetProperty("request").GetProperty("uid").GetString());
        Assert.Equal("HIDDEN_DUE_TO_SECURITY_REASONS", api.GetProperty("request").GetProperty("data").GetProperty("messageBody").GetString());
        Assert.Equal("0191c0de-0000-7000-8000-0000000000aa", api.GetProperty("response").GetProperty("data").GetProperty("messageId").GetString());
        Assert.Equal("10.0.0.7", e.GetProperty("src_endpoint").GetProperty("ip").GetString());
        Assert.Equal("aws-cli/1.43", e.GetProperty("http_request").GetProperty("user_agent").GetString());
        var resource = Assert.Single(e.GetProperty("resources").EnumerateArray());
        Assert.Equal(("arn:aws:sqs:eu-west-1:123456789012:orders", "orders", "AWS::SQS::Queue"),
            (resource.GetProperty("uid").GetString(), resource.GetProperty("name").GetString(), resource.GetProperty("type").GetString()));
        var metadata = e.GetProperty("metadata");
        Assert.Equal(("SecureQueue", 42L), (metadata.GetProperty("product").GetProperty("name").GetString(), metadata.GetProperty("sequence").GetInt64()));
        Assert.Equal("Data", metadata.GetProperty("product").GetProperty("feature").GetProperty("name").GetString());
        Assert.Equal("TLSv1.3", e.GetProperty("unmapped").GetProperty("tlsDetails").GetProperty("tlsVersion").GetString());
        Assert.DoesNotContain("AAAA", e.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ExplicitDeny_FailureOfMediumSeverityWithPolicy()
    {
        var e = Write(Denied, 43);
        Assert.Equal((4, 600304), (Int(e, "activity_id"), Int(e, "type_uid")));
        Assert.Equal((2, "Failure", 3, "Medium"), (Int(e, "status_id"), e.GetProperty("status").GetString(), Int(e, "severity_id"), e.GetProperty("severity").GetString()));
        Assert.Equal(("AccessDenied", "denied"), (e.GetProperty("status_code").GetString(), e.GetProperty("status_detail").GetString()));
        Assert.Equal("AccessDenied", e.GetProperty("api").GetProperty("response").GetProperty("error").GetString());
        Assert.Equal("WebIdentityUser", e.GetProperty("actor").GetProperty("user").GetProperty("type").GetString());
        Assert.Equal("https://issuer.example", e.GetProperty("actor").GetProperty("idp").GetProperty("name").GetString());
        var authorization = Assert.Single(e.GetProperty("actor").GetProperty("authorizations").EnumerateArray());
        Assert.Equal(("ExplicitDeny", "guardrails#NoDelete"), (authorization.GetProperty("decision").GetString(), authorization.GetProperty("policy").GetProperty("name").GetString()));
        Assert.Equal("ci.example", e.GetProperty("src_endpoint").GetProperty("domain").GetString());
        Assert.False(e.TryGetProperty("http_request", out _));
    }

    [Fact]
    public void Write_FailedAuthentication_FailureOfLowSeverityUnknownActor()
    {
        var e = Write(Failed, 44);
        Assert.Equal((2, 2, 2), (Int(e, "activity_id"), Int(e, "status_id"), Int(e, "severity_id")));
        Assert.Equal("InvalidClientTokenId", e.GetProperty("status_code").GetString());
        var actor = e.GetProperty("actor");
        Assert.Equal(("Unknown", 0), (actor.GetProperty("user").GetProperty("type").GetString(), Int(actor.GetProperty("user"), "type_id")));
        Assert.Equal("AKIAUNKNOWN", actor.GetProperty("user").GetProperty("credential_uid").GetString());
        Assert.False(actor.TryGetProperty("authorizations", out _));
        Assert.False(actor.GetProperty("user").TryGetProperty("uid", out _));
    }

    [Theory]
    [InlineData("SendMessageBatch", 1)]
    [InlineData("CreateQueue", 1)]
    [InlineData("ReceiveMessage", 2)]
    [InlineData("ListQueues", 2)]
    [InlineData("ChangeMessageVisibility", 3)]
    [InlineData("SetQueueAttributes", 3)]
    [InlineData("TagQueue", 3)]
    [InlineData("DeleteMessage", 4)]
    [InlineData("PurgeQueue", 4)]
    [InlineData("DescribeSomething", 2)]
    [InlineData("Frobnicate", 99)]
    [InlineData(null, 0)]
    public void Activity_ByOperation(string? operation, int expected) => Assert.Equal(expected, OcsfActivity.Of(operation));

    private static int Int(JsonElement element, string name) => element.GetProperty(name).GetInt32();

    private static JsonElement Write(string data, long position)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            OcsfRecord.Write(json, new StoredEvent(Guid.Parse("0191c0de-0000-7000-8000-000000000001"), position, position, Encoding.UTF8.GetBytes(data)), Settings);
        }

        return JsonDocument.Parse(buffer.WrittenMemory).RootElement;
    }
}
