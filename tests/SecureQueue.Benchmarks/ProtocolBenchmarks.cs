using System.Text;
using BenchmarkDotNet.Attributes;
using SecureQueue.Gateway.Authentication.SigV4;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Gateway.Tests.Authentication.SigV4;

namespace SecureQueue.Benchmarks;

/// <summary>Per-request protocol costs on the hot path: SigV4 verification and the MD5s of a send.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class ProtocolBenchmarks
{
    private readonly Dictionary<string, MessageAttributeValue> attributes = new()
    {
        ["trace"] = new("String", "abc-123", null),
        ["n"] = new("Number", "42", null),
    };

    private SigV4Verifier verifier = null!;
    private SigV4Request signed = null!;
    private SigV4Request presigned = null!;
    private string body = null!;

    [GlobalSetup]
    public void Setup()
    {
        body = new string('x', 1024);
        var signer = new SigV4TestSigner("AKIABENCHMARK0000001", "benchmarkSecret0123456789abcdefghijklmn", "us-east-1", "sqs");
        var now = DateTimeOffset.UtcNow;
        signed = signer.Sign(new SigV4Request("POST", "/", [new("Host", "localhost:8443"), new("Content-Type", "application/x-amz-json-1.0"),
            new("X-Amz-Target", "AmazonSQS.SendMessage")], Encoding.UTF8.GetBytes($$"""{"QueueUrl":"q","MessageBody":"{{body}}"}""")), now);
        // The lean send of `compare`: a presigned Query SendMessage with its 1 KiB body in the URL.
        presigned = signer.Presign(new SigV4Request("GET", $"/000000000000/q?Action=SendMessage&MessageBody={new string('m', 1024)}&Version=2012-11-05",
            [new("Host", "localhost:8443")], ReadOnlyMemory<byte>.Empty), now, 3600);
        verifier = new SigV4Verifier(new SigV4Options("us-east-1"), _ => signer.Secret, TimeProvider.System);
    }

    [Benchmark]
    public bool VerifySigV4() => verifier.Verify(signed).Succeeded;

    [Benchmark]
    public bool VerifySigV4_Presigned1KiBQuery() => verifier.Verify(presigned).Succeeded;

    [Benchmark]
    public string? SendMd5s() => Md5Digests.OfBody(body) + Md5Digests.OfAttributes(attributes);
}
