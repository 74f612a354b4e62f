using BenchmarkDotNet.Attributes;
using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Evaluation;

namespace SecureQueue.Benchmarks;

/// <summary>Authorization cost per call: a 10-statement identity policy plus a queue policy (target: under 5 µs median).</summary>
[MemoryDiagnoser]
[MedianColumn]
public class PolicyBenchmarks
{
    private PolicyDocument identity = null!;
    private PolicyDocument queuePolicy = null!;
    private AuthorizationRequest request = null!;

    [GlobalSetup]
    public void Setup()
    {
        var statements = Enumerable.Range(0, 9).Select(i =>
            $$"""{"Sid":"S{{i}}","Effect":"Allow","Action":["sqs:Get*","sqs:List*"],"Resource":"arn:aws:sqs:us-east-1:000000000000:team{{i}}-*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"t{{i}}" """ + "}}}")
            .Append("""{"Sid":"DenyPlain","Effect":"Deny","Action":"sqs:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}""");
        identity = PolicyDocument.Parse($$"""{"Version":"2012-10-17","Statement":[{{string.Join(",", statements)}}]}""", "identity.json", PolicyKind.Identity).Document!;
        queuePolicy = PolicyDocument.Parse("""
            {"Version":"2012-10-17","Statement":[{"Sid":"Producers","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:user/app"},
             "Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:000000000000:orders","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","127.0.0.0/8"]}}}]}
            """, "queue", PolicyKind.Resource).Document!;
        request = new AuthorizationRequest("arn:aws:iam::000000000000:user/app", "sqs:SendMessage", "arn:aws:sqs:us-east-1:000000000000:orders",
            RequestContext.Empty.With("aws:SecureTransport", "true").With("aws:SourceIp", "127.0.0.1").With("aws:PrincipalTag/team", "t3"))
        { PrincipalAccount = "000000000000" };
    }

    [Benchmark]
    public bool Evaluate() => PolicyEvaluator.Evaluate(request, [], [identity], queuePolicy).IsAllowed;
}
