using SecureQueue.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SecureQueue.FunctionalTests.Clients;

/// <summary>boto3 from python3 on PATH (current botocore): the SQS JSON protocol.</summary>
public sealed class Boto3JsonTests(GatewayFixture fixture, ITestOutputHelper output)
    : ClientCaseTests(fixture, output), IClassFixture<GatewayFixture>
{
    public static TheoryData<string> Cases => Boto3Cases.Data;

    protected override string FileName => "python3";

    protected override IReadOnlyList<string> ScriptArguments => [Boto3Cases.Script];

    protected override string ScriptDirectory => "python";

    protected override string? Protocol => "json";

    protected override IReadOnlyList<string> ExpectedCases => Boto3Cases.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case_Passes(string name) => RunCaseAsync(name);

    [Fact]
    public Task List_EqualsTheCasesRunHere() => ListMatchesExpectedCasesAsync();
}
