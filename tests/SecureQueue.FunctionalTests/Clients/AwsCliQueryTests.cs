using SecureQueue.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SecureQueue.FunctionalTests.Clients;

/// <summary>Debian's AWS CLI v2 (/usr/bin/aws 2.9): the SQS Query protocol.</summary>
public sealed class AwsCliQueryTests(GatewayFixture fixture, ITestOutputHelper output)
    : ClientCaseTests(fixture, output), IClassFixture<GatewayFixture>
{
    public static TheoryData<string> Cases => AwsCliCases.Data;

    protected override string FileName => "bash";

    protected override IReadOnlyList<string> ScriptArguments => [AwsCliCases.Script, "/usr/bin/aws"];

    protected override string ScriptDirectory => "cli";

    protected override string? Protocol => "query";

    protected override IReadOnlyList<string> ExpectedCases => AwsCliCases.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case_Passes(string name) => RunCaseAsync(name);

    [Fact]
    public Task List_EqualsTheCasesRunHere() => ListMatchesExpectedCasesAsync();
}
