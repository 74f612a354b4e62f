using SecureQueue.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SecureQueue.FunctionalTests.Clients;

/// <summary>AWS CLI v1 (aws on PATH, current botocore): the SQS JSON protocol.</summary>
public sealed class AwsCliJsonTests(GatewayFixture fixture, ITestOutputHelper output)
    : ClientCaseTests(fixture, output), IClassFixture<GatewayFixture>
{
    public static TheoryData<string> Cases => AwsCliCases.Data;

    protected override string FileName => "bash";

    protected override IReadOnlyList<string> ScriptArguments => [AwsCliCases.Script, "aws"];

    protected override string ScriptDirectory => "cli";

    protected override string? Protocol => "json";

    protected override IReadOnlyList<string> ExpectedCases => AwsCliCases.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case_Passes(string name) => RunCaseAsync(name);

    [Fact]
    public Task List_EqualsTheCasesRunHere() => ListMatchesExpectedCasesAsync();
}
