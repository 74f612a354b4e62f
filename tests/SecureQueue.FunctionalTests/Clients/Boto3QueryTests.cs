using SecureQueue.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SecureQueue.FunctionalTests.Clients;

/// <summary>Debian's boto3 from /usr/bin/python3 (botocore 1.29): the SQS Query protocol.</summary>
public sealed class Boto3QueryTests(GatewayFixture fixture, ITestOutputHelper output)
    : ClientCaseTests(fixture, output), IClassFixture<GatewayFixture>
{
    public static TheoryData<string> Cases => Boto3Cases.Data;

    protected override string FileName => "/usr/bin/python3";

    protected override IReadOnlyList<string> ScriptArguments => [Boto3Cases.Script];

    protected override string ScriptDirectory => "python";

    protected override string? Protocol => "query";

    protected override IReadOnlyList<string> ExpectedCases => Boto3Cases.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case_Passes(string name) => RunCaseAsync(name);

    [Fact]
    public Task List_EqualsTheCasesRunHere() => ListMatchesExpectedCasesAsync();
}
