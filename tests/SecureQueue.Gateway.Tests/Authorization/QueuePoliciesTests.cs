using System.Text;
using SecureQueue.Gateway.Authorization;
using SecureQueue.Policies.Documents;

namespace SecureQueue.Gateway.Tests.Authorization;

/// <summary>Queue policies: SQS's limits on the Policy attribute, parse errors located, and one compiled document per (queue, text).</summary>
public sealed class QueuePoliciesTests
{
    private const string QueueArn = "arn:aws:sqs:us-east-1:000000000000:orders";
    private const string AliceArn = "arn:aws:iam::000000000000:user/alice";
    private const string AlicePrincipal = $$"""{"AWS":"{{AliceArn}}"}""";
    private static readonly string Valid = Document(Statement(AlicePrincipal));

    [Fact]
    public void Validate_ValidPolicy_ResourceDocumentOfTheQueue()
    {
        var document = QueuePolicies.Validate(Valid, QueueArn);

        Assert.Equal(PolicyKind.Resource, document.Kind);
        Assert.Equal(QueueArn, document.Source);
        Assert.Equal(new PolicySize(1, 1, 0), document.Size);
    }

    [Fact]
    public void Validate_ExactlyMaxBytes_Accepted()
    {
        var json = Padded(Valid, QueuePolicies.MaxBytes);

        Assert.Equal(1, QueuePolicies.Validate(json, QueueArn).Size.Statements);
    }

    [Fact]
    public void Validate_OneByteOverMaxBytes_Refused()
    {
        var refused = Assert.Throws<InvalidResourcePolicyException>(() => QueuePolicies.Validate(Padded(Valid, QueuePolicies.MaxBytes + 1), QueueArn));

        Assert.Equal("The policy is larger than 8192 bytes.", refused.Message);
    }

    [Fact]
    public void Validate_FewerCharactersThanMaxBytesButMoreUtf8Bytes_Refused()
    {
        var json = Document(Statement(AlicePrincipal, $"\"aws:PrincipalTag/name\":\"{new string('é', 4200)}\""));
        Assert.True(json.Length < QueuePolicies.MaxBytes);

        var refused = Assert.Throws<InvalidResourcePolicyException>(() => QueuePolicies.Validate(json, QueueArn));

        Assert.Equal("The policy is larger than 8192 bytes.", refused.Message);
    }

    [Theory]
    [InlineData(20, null)]
    [InlineData(21, "at most 20 statements are allowed.")]
    public void Validate_StatementCount_RefusedAboveTwenty(int count, string? reason)
    {
        var json = Document([.. Enumerable.Repeat(Statement(AlicePrincipal), count)]);

        AssertOutcome(json, reason, document => Assert.Equal(count, document.Size.Statements));
    }

    [Theory]
    [InlineData(50, null)]
    [InlineData(51, "at most 50 principals are allowed.")]
    public void Validate_PrincipalCount_RefusedAboveFifty(int count, string? reason)
    {
        var principals = string.Join(",", Enumerable.Range(0, count).Select(i => $"\"arn:aws:iam::000000000000:user/u{i}\""));
        var json = Document(Statement($$"""{"AWS":[{{principals}}]}"""));

        AssertOutcome(json, reason, document => Assert.Equal(count, document.Size.Principals));
    }

    [Theory]
    [InlineData(10, null)]
    [InlineData(11, "at most 10 conditions are allowed.")]
    public void Validate_ConditionCount_RefusedAboveTen(int count, string? reason)
    {
        var keys = string.Join(",", Enumerable.Range(0, count).Select(i => $"\"aws:PrincipalTag/k{i}\":\"v\""));
        var json = Document(Statement(AlicePrincipal, keys));

        AssertOutcome(json, reason, document => Assert.Equal(count, document.Size.Conditions));
    }

    [Fact]
    public void Validate_InvalidJson_RefusedWithLineAndColumn()
    {
        const string json = """
            {
              "Version": "2012-10-17",
              "Statement": [ x ]
            }
            """;

        var refused = Assert.Throws<InvalidResourcePolicyException>(() => QueuePolicies.Validate(json, QueueArn));

        Assert.StartsWith($"line 3, column 18: {PolicyErrorCodes.JsonSyntaxError}: ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_StatementWithoutPrincipal_RefusedWithLineAndColumn()
    {
        const string json = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}
            ]}
            """;

        var refused = Assert.Throws<InvalidResourcePolicyException>(() => QueuePolicies.Validate(json, QueueArn));

        Assert.StartsWith($"line 2, column 3: {PolicyErrorCodes.MissingPrincipal}: ", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void For_NoPolicy_Null(string? json)
    {
        Assert.Null(new QueuePolicies().For(QueueArn, json));
    }

    [Fact]
    public void For_SameQueueAndText_CompiledOnce()
    {
        var policies = new QueuePolicies();

        var first = policies.For(QueueArn, Valid);

        Assert.NotNull(first);
        Assert.Same(first, policies.For(QueueArn, Valid));
    }

    [Fact]
    public void For_OtherQueueSameText_OwnDocumentNamingThatQueue()
    {
        const string otherArn = "arn:aws:sqs:us-east-1:000000000000:invoices";
        var policies = new QueuePolicies();

        var first = policies.For(QueueArn, Valid);
        var other = policies.For(otherArn, Valid);

        Assert.NotSame(first, other);
        Assert.Equal(QueueArn, first?.Source);
        Assert.Equal(otherArn, other?.Source);
    }

    private static void AssertOutcome(string json, string? reason, Action<PolicyDocument> accepted)
    {
        if (reason is null)
        {
            accepted(QueuePolicies.Validate(json, QueueArn));
        }
        else
        {
            Assert.Equal(reason, Assert.Throws<InvalidResourcePolicyException>(() => QueuePolicies.Validate(json, QueueArn)).Message);
        }
    }

    // Whitespace before the closing brace changes the size, not the policy.
    private static string Padded(string json, int bytes) =>
        json[..^1] + new string(' ', bytes - Encoding.UTF8.GetByteCount(json)) + "}";

    private static string Statement(string principal, string? stringEquals = null)
    {
        var condition = stringEquals is null ? "" : ",\"Condition\":{\"StringEquals\":{" + stringEquals + "}}";
        return $$"""{"Effect":"Allow","Principal":{{principal}},"Action":"sqs:SendMessage","Resource":"{{QueueArn}}"{{condition}}}""";
    }

    private static string Document(params string[] statements) => $$"""{"Version":"2012-10-17","Statement":[{{string.Join(",", statements)}}]}""";
}
