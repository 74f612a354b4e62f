using SecureQueue.Log.Audit;
using SecureQueue.Log.Queues;
using SecureQueue.Trail.Reports;

namespace SecureQueue.Trail.Tests.Reports;

/// <summary>
/// A report assembled from the same pure steps the collector uses, over hand-made log aggregates and queues, with hostile
/// text where an attacker controls it (a principal name, an access key id named by a failed signature).
/// </summary>
internal static class SampleReport
{
    public const string HostilePrincipal = "arn:aws:iam::111122223333:user/<script>alert('p')</script>";
    public const string HostileAccessKey = "\"><img src=x onerror=alert(1)>";
    public static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    public static readonly ReportPeriod Period = new(Now.AddDays(-3), Now);

    public static IReadOnlyList<CallGroup> Groups =>
    [
        new(new DateOnly(2026, 11, 27), "SendMessage", CallOutcomes.Success, "arn:aws:iam::111122223333:user/producer", "AKIAPRODUCER000001", "10.0.0.5", null, "TLSv1.3", 120),
        new(new DateOnly(2026, 11, 28), "ReceiveMessage", CallOutcomes.Success, "arn:aws:iam::111122223333:user/consumer", "AKIACONSUMER000001", "10.0.0.6", null, "TLSv1.3", 80),
        new(new DateOnly(2026, 11, 28), "CreateQueue", CallOutcomes.Success, "arn:aws:iam::111122223333:user/admin", "AKIAADMIN000000001", "10.0.0.7", null, "TLSv1.2", 2),
        new(new DateOnly(2026, 11, 28), "DeleteQueue", CallOutcomes.Denied, HostilePrincipal, "AKIAHOSTILE0000001", "10.0.0.8", "AccessDenied", "TLSv1.3", 3),
        new(new DateOnly(2026, 11, 29), "ListQueues", CallOutcomes.Unauthenticated, null, HostileAccessKey, "198.51.100.9", "InvalidClientTokenId", "TLSv1.3", 5),
        new(new DateOnly(2026, 11, 29), "SendMessage", CallOutcomes.Failed, "arn:aws:iam::111122223333:user/producer", "AKIAPRODUCER000001", "10.0.0.5", "InvalidParameterValue", "TLSv1.3", 1),
    ];

    public static ChainReport IntactChain => new(1, 211, 211, new string('a', 64), 0, 4, 4, 8, [], TimeSpan.FromMilliseconds(20));

    public static ChainReport TamperedChain => IntactChain with { Findings = [new ChainFinding(17, ChainKinds.Edited, "stored hash differs")] };

    public static SealingState Sealing => new(211, Now.AddDays(-40), 0, null, 0.02, 0.08, 0.3);

    public static CheckpointSummary Checkpoint => new(211, Now.AddSeconds(-30), "key-1", "host:/var/lib/secq/checkpoints.jsonl", 4);

    public static QueueRecord Queue(string name, IReadOnlyDictionary<string, string>? attributes = null, IReadOnlyDictionary<string, string>? tags = null) =>
        new(1, "111122223333", "eu-west-1", name, attributes ?? new Dictionary<string, string> { ["SqsManagedSseEnabled"] = "true" }, tags ?? new Dictionary<string, string>(),
            Now.AddDays(-10), Now.AddDays(-1), null);

    public static QueueKeyFacts Keys => new(true, "default", 2, Now.AddDays(-30), Now.AddSeconds(-100));

    public static ComplianceReport Build(ChainReport? chain = null)
    {
        var integrity = Integrity.From(chain ?? IntactChain, Sealing, Checkpoint, true, Now);
        var coverage = Coverage.From(Groups);
        var queues = new[]
        {
            QueuePostures.Evaluate(Queue("orders", tags: new Dictionary<string, string> { ["team"] = "payments" }), "us-east-1", ["team"], Keys, Now),
            QueuePostures.Evaluate(Queue("public-feed", new Dictionary<string, string>
            {
                ["SqsManagedSseEnabled"] = "true",
                ["Policy"] = """{"Version":"2012-10-17","Statement":[{"Sid":"Everyone","Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*"}]}""",
            }), "us-east-1", ["team"], Keys, Now),
        };
        var identities = new[]
        {
            new IdentityPosture("hostile", HostilePrincipal, CheckStatus.Warn, [new CredentialView("accessKey", "AKIAHOSTILE0000001", null, null, true)], [], false, null, 3, 3),
        };
        var gateway = new GatewayPosture([new ListenerView("https://0.0.0.0:8443", true)], ["TLSv1.2", "TLSv1.3"], false, true, ["SecureQueue:AllowPlainHttp is false"],
            "NoCertificate", null, [new JwtIssuerView("https://issuer.example", ["secq"], ["RS256"])], [], 900, false, ["team"]);
        return new ComplianceReport(ComplianceReport.CurrentFormat, Now, Period, "111122223333", "us-east-1", "test", integrity, coverage, queues, identities, gateway,
            Requirements.For(integrity, coverage, queues, identities, gateway));
    }
}
