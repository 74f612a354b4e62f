using SecureQueue.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SecureQueue.FunctionalTests.Clients;

/// <summary>One real client running the LookupEvents cases of its script (CloudTrail speaks AWS JSON 1.1 in every client, so no protocol is checked).</summary>
public abstract class TrailClientTests(
    GatewayFixture fixture, ITestOutputHelper output, string fileName, IReadOnlyList<string> scriptArguments, string scriptDirectory, IReadOnlyList<string> cases)
    : ClientCaseTests(fixture, output)
{
    protected override string FileName => fileName;

    protected override IReadOnlyList<string> ScriptArguments => scriptArguments;

    protected override string ScriptDirectory => scriptDirectory;

    protected override string? Protocol => null;

    protected override IReadOnlyList<string> ExpectedCases => cases;

    [Fact]
    public Task List_EqualsTheCasesRunHere() => ListMatchesExpectedCasesAsync();
}

/// <summary>boto3 on python3 on PATH (current botocore).</summary>
public sealed class Boto3TrailTests(GatewayFixture fixture, ITestOutputHelper output)
    : TrailClientTests(fixture, output, "python3", ["trail_cases.py"], "python", TrailCases.Python), IClassFixture<GatewayFixture>
{
    [Theory]
    [MemberData(nameof(TrailCases.PythonData), MemberType = typeof(TrailCases))]
    public Task Case_Passes(string name) => RunCaseAsync(name);
}

/// <summary>Debian's boto3 (/usr/bin/python3, botocore 1.29).</summary>
public sealed class Boto3DebianTrailTests(GatewayFixture fixture, ITestOutputHelper output)
    : TrailClientTests(fixture, output, "/usr/bin/python3", ["trail_cases.py"], "python", TrailCases.Python), IClassFixture<GatewayFixture>
{
    [Theory]
    [MemberData(nameof(TrailCases.PythonData), MemberType = typeof(TrailCases))]
    public Task Case_Passes(string name) => RunCaseAsync(name);
}

/// <summary><c>aws cloudtrail lookup-events</c> with AWS CLI v1 on PATH.</summary>
public sealed class AwsCliTrailTests(GatewayFixture fixture, ITestOutputHelper output)
    : TrailClientTests(fixture, output, "bash", ["trail_cases.sh", "aws"], "cli", TrailCases.Cli), IClassFixture<GatewayFixture>
{
    [Theory]
    [MemberData(nameof(TrailCases.CliData), MemberType = typeof(TrailCases))]
    public Task Case_Passes(string name) => RunCaseAsync(name);
}

/// <summary><c>aws cloudtrail lookup-events</c> with Debian's AWS CLI v2 (/usr/bin/aws 2.9).</summary>
public sealed class AwsCliDebianTrailTests(GatewayFixture fixture, ITestOutputHelper output)
    : TrailClientTests(fixture, output, "bash", ["trail_cases.sh", "/usr/bin/aws"], "cli", TrailCases.Cli), IClassFixture<GatewayFixture>
{
    [Theory]
    [MemberData(nameof(TrailCases.CliData), MemberType = typeof(TrailCases))]
    public Task Case_Passes(string name) => RunCaseAsync(name);
}

/// <summary>The AWS SDK for JavaScript v3 (@aws-sdk/client-cloudtrail, pinned in tests/clients/node/package.json).</summary>
public sealed class JsTrailTests(GatewayFixture fixture, ITestOutputHelper output)
    : TrailClientTests(fixture, output, "node", ["trail_cases.mjs"], "node", TrailCases.Node), IClassFixture<GatewayFixture>
{
    [Theory]
    [MemberData(nameof(TrailCases.NodeData), MemberType = typeof(TrailCases))]
    public Task Case_Passes(string name) => RunCaseAsync(name);
}
