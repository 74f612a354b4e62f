using SecureQueue.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SecureQueue.FunctionalTests.Clients;

/// <summary>One real client running the message move task cases of its script, speaking the protocol it is checked for.</summary>
public abstract class MoveTaskClientTests(
    GatewayFixture fixture, ITestOutputHelper output, string fileName, IReadOnlyList<string> scriptArguments, string scriptDirectory, string protocol,
    IReadOnlyList<string> cases)
    : ClientCaseTests(fixture, output)
{
    protected override string FileName => fileName;

    protected override IReadOnlyList<string> ScriptArguments => scriptArguments;

    protected override string ScriptDirectory => scriptDirectory;

    protected override string? Protocol => protocol;

    protected override IReadOnlyList<string> ExpectedCases => cases;

    [Fact]
    public Task List_EqualsTheCasesRunHere() => ListMatchesExpectedCasesAsync();
}

/// <summary>boto3 on python3 on PATH (current botocore): JSON, with the three operations in its model.</summary>
public sealed class Boto3MoveJsonTests(GatewayFixture fixture, ITestOutputHelper output)
    : MoveTaskClientTests(fixture, output, "python3", ["move_cases.py"], "python", "json", MoveCases.Python), IClassFixture<GatewayFixture>
{
    [Theory]
    [MemberData(nameof(MoveCases.PythonData), MemberType = typeof(MoveCases))]
    public Task Case_Passes(string name) => RunCaseAsync(name);
}

/// <summary>Debian's boto3 (/usr/bin/python3, botocore 1.29): Query; the three operations signed by its SigV4 signer (its model predates them).</summary>
public sealed class Boto3MoveQueryTests(GatewayFixture fixture, ITestOutputHelper output)
    : MoveTaskClientTests(fixture, output, "/usr/bin/python3", ["move_cases.py"], "python", "query", MoveCases.Python), IClassFixture<GatewayFixture>
{
    [Theory]
    [MemberData(nameof(MoveCases.PythonData), MemberType = typeof(MoveCases))]
    public Task Case_Passes(string name) => RunCaseAsync(name);
}

/// <summary>@aws-sdk/client-sqs v3, pinned in package.json: JSON.</summary>
public sealed class JsMoveTests(GatewayFixture fixture, ITestOutputHelper output)
    : MoveTaskClientTests(fixture, output, "node", ["move_cases.mjs"], "node", "json", MoveCases.Node), IClassFixture<GatewayFixture>
{
    [Theory]
    [MemberData(nameof(MoveCases.NodeData), MemberType = typeof(MoveCases))]
    public Task Case_Passes(string name) => RunCaseAsync(name);
}

/// <summary>AWS CLI v1 on PATH: JSON, with the three commands.</summary>
public sealed class AwsCliMoveJsonTests(GatewayFixture fixture, ITestOutputHelper output)
    : MoveTaskClientTests(fixture, output, "bash", ["move_cases.sh", "aws"], "cli", "json", MoveCases.Cli), IClassFixture<GatewayFixture>
{
    [Theory]
    [MemberData(nameof(MoveCases.CliData), MemberType = typeof(MoveCases))]
    public Task Case_Passes(string name) => RunCaseAsync(name);
}

/// <summary>
/// Debian's AWS CLI v2 (/usr/bin/aws 2.9), which predates the three commands (added in 2.13): the cases first check that
/// it lacks them, then run them through the model of a current botocore added with <c>aws configure add-model</c>, so this
/// CLI speaks JSON for them; every other command of the case is the CLI's own (Query).
/// </summary>
public sealed class AwsCliMoveQueryTests(GatewayFixture fixture, ITestOutputHelper output)
    : MoveTaskClientTests(fixture, output, "bash", ["move_cases.sh", "/usr/bin/aws"], "cli", "query", MoveCases.Cli), IClassFixture<GatewayFixture>
{
    [Theory]
    [MemberData(nameof(MoveCases.CliData), MemberType = typeof(MoveCases))]
    public Task Case_Passes(string name) => RunCaseAsync(name);
}
