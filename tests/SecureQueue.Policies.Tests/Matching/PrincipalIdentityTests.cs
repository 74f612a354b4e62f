using SecureQueue.Policies.Matching;

namespace SecureQueue.Policies.Tests.Matching;

public sealed class PrincipalIdentityTests
{
    [Theory]
    [InlineData("arn:aws:iam::111122223333:user/alice", "User", "111122223333", null)]
    [InlineData("arn:aws:iam::111122223333:user/ops/alice", "User", "111122223333", null)]
    [InlineData("arn:aws:iam::111122223333:role/ops/app", "Role", "111122223333", "aws:111122223333:app")]
    [InlineData("arn:aws:sts::111122223333:assumed-role/app/session-1", "AssumedRole", "111122223333", "aws:111122223333:app")]
    [InlineData("arn:aws:iam::111122223333:root", "Root", "111122223333", null)]
    [InlineData("arn:aws:sts::111122223333:federated-user/bob", "OtherAws", "111122223333", null)]
    [InlineData("sns.amazonaws.com", "Service", null, null)]
    [InlineData("anonymous", "Anonymous", null, null)]
    [InlineData("", "Anonymous", null, null)]
    [InlineData("arn:aws:iam", "Anonymous", null, null)]
    public void Parse_PrincipalString_ClassifiesCaller(string principal, string type, string? account, string? roleKey)
    {
        var identity = PrincipalIdentity.Parse(principal, accountHint: null);

        Assert.Equal((Enum.Parse<PrincipalType>(type), account, roleKey), (identity.Type, identity.Account, identity.RoleKey));
    }

    [Fact]
    public void Parse_AccountHint_DoesNotOverrideAccountInArn()
    {
        Assert.Equal("111122223333", PrincipalIdentity.Parse("arn:aws:iam::111122223333:user/alice", "444455556666").Account);
    }
}
