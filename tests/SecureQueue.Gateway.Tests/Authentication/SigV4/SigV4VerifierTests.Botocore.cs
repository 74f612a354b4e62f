using System.Text;
using SecureQueue.Gateway.Authentication.SigV4;

namespace SecureQueue.Gateway.Tests.Authentication.SigV4;

/// <summary>
/// Requests signed by a real client: botocore 1.43.11 with the clock frozen at 2015-08-30T12:36:00Z, produced by
/// botocore_vectors.py in this folder (run it to regenerate). Hard-coded rather than run from the tests so the
/// suite needs no Python. Host and Content-Length are the values the HTTP client adds after signing.
/// </summary>
public sealed partial class SigV4VerifierTests
{
    private const string BotocoreUserAgent =
        "Botocore/1.43.11 ua/2.1 os/linux#6.18.44-fc-v657 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython "
        + "m/D,b,Z,e cfg/retry-mode#legacy";

    private static readonly Dictionary<string, SigV4Request> BotocoreRequests = new()
    {
        // client.send_message(...) over AWS JSON 1.0, captured at before-send.
        ["client.send_message"] = Raw("POST", "/", """{"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/orders", "MessageBody": "hello world"}""",
            ("Host", "sqs.us-east-1.amazonaws.com"),
            ("X-Amz-Target", "AmazonSQS.SendMessage"),
            ("Content-Type", "application/x-amz-json-1.0"),
            ("x-amzn-query-mode", "true"),
            ("User-Agent", BotocoreUserAgent),
            ("X-Amz-Date", "20150830T123600Z"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sqs/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target;x-amzn-query-mode, Signature=adf6d6bfab79c37b5eca0b53385efbf40db5a8e5f95eb516872ec97e5fbb303b"),
            ("amz-sdk-invocation-id", "a3a92ee2-521e-4b10-992a-e6b89a7d1ab3"),
            ("amz-sdk-request", "attempt=1"),
            ("Content-Length", "101")),

        // SigV4Auth over an already-encoded path: botocore signs /123456789012/my%2520queue.
        ["SigV4Auth path+query"] = Raw("GET", "/123456789012/my%20queue?Action=SendMessage&MessageBody=a%20b%2Bc~", "",
            ("Host", "sqs.us-east-1.amazonaws.com"),
            ("X-Amz-Date", "20150830T123600Z"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sqs/aws4_request, SignedHeaders=host;x-amz-date, Signature=c658039e746284578c162dc9f7f2879fd47c1d5bb4f21a5e4408e1f07afe9856")),

        // SigV4QueryAuth(expires=300): a presigned URL.
        ["SigV4QueryAuth"] = Raw("GET", "/123456789012/orders?Action=ReceiveMessage&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fsqs%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=e0b4d00b6ef0ce0eb51a7978be4ec84be605faebdc5e84a695432058fe582916", "",
            ("Host", "sqs.us-east-1.amazonaws.com")),

        // SigV4Auth with a Date header: botocore rewrites it with email.utils.formatdate ("-0000" zone).
        ["SigV4Auth Date header"] = Raw("POST", "/", "Action=ListQueues",
            ("Host", "sqs.us-east-1.amazonaws.com"),
            ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
            ("Date", "Sun, 30 Aug 2015 12:36:00 -0000"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sqs/aws4_request, SignedHeaders=content-type;date;host, Signature=16875f6ca185635fce14516c9e20a513757552be29b04a0347add155d1ff7a24")),
    };

    public static TheoryData<string> BotocoreNames => [.. BotocoreRequests.Keys];

    [Theory]
    [MemberData(nameof(BotocoreNames))]
    public void Verify_BotocoreSignedRequest_Succeeds(string name)
    {
        clock.Now = SignedAt.AddSeconds(30);

        var result = Verifier().Verify(BotocoreRequests[name]);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("AKIDEXAMPLE", result.AccessKeyId);
        Assert.Equal(SignedAt, result.SignedAt);
        Assert.Equal(name == "SigV4QueryAuth", result.Presigned);
    }

    [Theory]
    [MemberData(nameof(BotocoreNames))]
    public void Verify_BotocoreSignedRequestWithBodyChanged_ReturnsSignatureDoesNotMatch(string name)
    {
        var request = BotocoreRequests[name] with { Body = Encoding.UTF8.GetBytes("tampered") };

        Assert.Equal(SigV4Failure.SignatureDoesNotMatch, Verifier().Verify(request).Failure);
    }

    private static SigV4Request Raw(string method, string target, string body, params (string Name, string Value)[] headers) =>
        new(method, target, [.. headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))], Encoding.UTF8.GetBytes(body));
}
