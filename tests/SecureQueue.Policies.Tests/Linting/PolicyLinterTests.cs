using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Linting;
using static SecureQueue.Policies.Tests.Linting.LintTestPolicies;

namespace SecureQueue.Policies.Tests.Linting;

public sealed partial class PolicyLinterTests
{
    [Fact]
    public void Lint_CleanQueuePolicy_NoFindings()
    {
        var json = Document(TlsDeny, Grant("""{"AWS":"arn:aws:iam::111122223333:user/producer"}"""));

        var report = PolicyLinter.Lint(json, "orders.json", PolicyKind.Resource);

        Assert.Empty(report.Findings);
        Assert.NotNull(report.Document);
        Assert.False(report.Fails(strict: true));
    }

    [Fact]
    public void Lint_UnknownOperator_SurfacesParserErrorAsError()
    {
        var json = """
            {
              "Version": "2012-10-17",
              "Statement": { "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*",
                             "Condition": { "StringLikes": { "aws:username": "a*" } } }
            }
            """;

        var finding = Assert.Single(Lint(json));

        Assert.Equal((FindingType.Error, PolicyErrorCodes.InvalidConditionOperator), (finding.Type, finding.Code));
        Assert.Equal((4, 33), (finding.Line, finding.Column));
        Assert.Equal("Statement.Condition.StringLikes", finding.Path);
        Assert.Null(PolicyLinter.Lint(json, "p.json", PolicyKind.Identity).Document);
    }

    [Fact]
    public void Lint_SeveralGrammarErrors_ReportsEveryOneAsError()
    {
        var json = Document("""{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*","Condition":{"Foo":{"aws:username":"a"}}}""", """{"Effect":"Permit","Action":"sqs:SendMessage","Resource":"*"}""");

        var findings = Lint(json);

        Assert.Equal([PolicyErrorCodes.InvalidConditionOperator, PolicyErrorCodes.InvalidEffect], findings.Select(f => f.Code));
        Assert.All(findings, f => Assert.Equal(FindingType.Error, f.Type));
    }

    [Fact]
    public void Lint_ManyRules_FindingsSortedByPosition()
    {
        var json = """
            {
              "Statement": [
                { "Effect": "Allow", "Action": "sqs:SendMesage", "Resource": "*" },
                { "Effect": "Allow", "Action": "sqs:*", "Resource": "*" }
              ]
            }
            """;

        var findings = Lint(json);

        // The typo is also shadowed by "sqs:*", which covers any sqs: name, known or not.
        Assert.Equal([LintCodes.MissingVersion, LintCodes.ShadowedStatement, LintCodes.UnknownAction, LintCodes.WildcardWriteAction], findings.Select(f => f.Code));
        Assert.Equal(findings.OrderBy(f => f.Line).ThenBy(f => f.Column), findings);
    }

    [Fact]
    public void Lint_TextOfAnotherDocument_Throws()
    {
        var document = TestPolicies.Identity(Document(Allow("sqs:SendMessage"), Allow("sqs:ReceiveMessage")));

        Assert.Throws<ArgumentException>(() => PolicyLinter.Lint(document, Document(Allow("sqs:SendMessage"))));
    }

    [Fact]
    public void Lint_LeadingByteOrderMark_PositionsMatchParser()
    {
        var json = "\uFEFF" + Document(Allow("sqs:Bogus"));

        var finding = Finding(json, LintCodes.UnknownAction);

        Assert.Equal((1, 65), (finding.Line, finding.Column));
    }

    [Theory]
    [InlineData(FindingType.Error, false, true)]
    [InlineData(FindingType.SecurityWarning, false, true)]
    [InlineData(FindingType.Warning, false, false)]
    [InlineData(FindingType.Warning, true, true)]
    [InlineData(FindingType.Suggestion, true, false)]
    public void Fails_ByFindingTypeAndStrictness(FindingType type, bool strict, bool fails)
    {
        var json = type switch
        {
            FindingType.Error => Document(Allow("sqs:Bogus")),
            FindingType.SecurityWarning => Document(Allow("sqs:SendMessage", condition: """{"ForAllValues:StringEquals":{"aws:username":"a"}}""")),
            FindingType.Warning => """{"Statement":{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}}""",
            _ => Document(Allow("sqs:SendMessage"), Allow("sqs:SendMessage")),
        };

        var report = PolicyLinter.Lint(json, "p.json", PolicyKind.Identity);

        Assert.Equal(type, Assert.Single(report.Findings).Type);
        Assert.Equal(fails, report.Fails(strict));
    }

    [Fact]
    public void Finding_ToString_IsFileLineColumnTypeCodeMessage()
    {
        var finding = new LintFinding(FindingType.SecurityWarning, LintCodes.PublicAccess, "Open.", "policies/queues/q.json", 7, 19, "Statement[1].Principal");

        Assert.Equal("policies/queues/q.json:7:19: SECURITY_WARNING: PUBLIC_ACCESS: Open.", finding.ToString());
    }
}
