using SecureQueue.Policies.Linting;
using SecureQueue.Trail.Reports;

namespace SecureQueue.Trail.Tests.Reports;

public sealed class QueuePosturesTests
{
    private const string Arn = "arn:aws:sqs:us-east-1:111122223333:orders";

    [Fact]
    public void Encryption_SqsManaged_PassesWithAwsManagedKey()
    {
        var encryption = QueuePostures.Encryption(new Dictionary<string, string> { ["SqsManagedSseEnabled"] = "true" }, SampleReport.Keys, SampleReport.Now);

        Assert.Equal((CheckStatus.Pass, "SSE-SQS", "alias/aws/sqs"), (encryption.Status, encryption.Type, encryption.KeyId));
        Assert.Equal(30, encryption.KekAgeDays!.Value, 3);
        Assert.Equal(100, encryption.DataKeyAgeSeconds!.Value, 3);
        Assert.Equal(300, encryption.DataKeyReusePeriodSeconds);
    }

    [Fact]
    public void Encryption_KmsKeyAndReusePeriod_Reported()
    {
        var encryption = QueuePostures.Encryption(
            new Dictionary<string, string> { ["SqsManagedSseEnabled"] = "false", ["KmsMasterKeyId"] = "alias/orders", ["KmsDataKeyReusePeriodSeconds"] = "3600" },
            SampleReport.Keys, SampleReport.Now);

        Assert.Equal((CheckStatus.Pass, "SSE-KMS", "alias/orders", 3600), (encryption.Status, encryption.Type, encryption.KeyId, encryption.DataKeyReusePeriodSeconds));
    }

    [Fact]
    public void Encryption_KeyFamilyNotConfigured_Fails()
    {
        var encryption = QueuePostures.Encryption(new Dictionary<string, string> { ["KmsMasterKeyId"] = "alias/gone" }, SampleReport.Keys with { KeyFamilyConfigured = false }, SampleReport.Now);

        Assert.Equal(CheckStatus.Fail, encryption.Status);
        Assert.Contains("alias/gone", encryption.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Encryption_NoEncryptionAttributes_Fails()
    {
        Assert.Equal(CheckStatus.Fail, QueuePostures.Encryption(new Dictionary<string, string>(), SampleReport.Keys, SampleReport.Now).Status);
    }

    [Fact]
    public void Encryption_KekOlderThanAYear_Warns()
    {
        var keys = SampleReport.Keys with { KekCreatedAt = SampleReport.Now.AddDays(-(QueuePostures.MaxKekAgeDays + 1)) };

        Assert.Equal(CheckStatus.Warn, QueuePostures.Encryption(new Dictionary<string, string> { ["SqsManagedSseEnabled"] = "true" }, keys, SampleReport.Now).Status);
    }

    [Fact]
    public void Tagging_RequiredKeyMissing_FailsNamingIt()
    {
        var tagging = QueuePostures.Tagging(new Dictionary<string, string> { ["Team"] = "x", ["env"] = "prod" }, ["team", "env"]);

        Assert.Equal(CheckStatus.Fail, tagging.Status);
        Assert.Equal(["team"], tagging.Missing);
        Assert.Equal(["Team", "env"], tagging.Keys);
    }

    [Fact]
    public void Tagging_NoRequiredKeys_NeedsAnyTagButNotASystemOne()
    {
        Assert.Equal(CheckStatus.Pass, QueuePostures.Tagging(new Dictionary<string, string> { ["owner"] = "x" }, []).Status);
        Assert.Equal(CheckStatus.Fail, QueuePostures.Tagging(new Dictionary<string, string> { ["aws:cloudformation:stack-name"] = "x" }, []).Status);
        Assert.Equal(CheckStatus.Fail, QueuePostures.Tagging(new Dictionary<string, string>(), []).Status);
    }

    [Fact]
    public void Access_NoPolicy_Passes()
    {
        var access = QueuePostures.Access(null, Arn, "111122223333");

        Assert.Equal((CheckStatus.Pass, false), (access.Status, access.HasPolicy));
    }

    [Fact]
    public void Access_PublicGrant_FailsWithFindings()
    {
        var access = QueuePostures.Access(
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":"*"}]}""", Arn, "111122223333");

        Assert.Equal(CheckStatus.Fail, access.Status);
        Assert.Equal(AccessScope.Public, Assert.Single(access.Grants).Scope);
        Assert.Contains(access.Findings, f => f.Code == LintCodes.PublicAccess);
        Assert.Contains(access.Findings, f => f.Code == LintCodes.MissingSecureTransportDeny);
        Assert.False(access.DeniesPlainHttp);
    }

    [Fact]
    public void Access_CrossAccountGrantWithTlsDeny_WarnsAndDeniesPlainHttp()
    {
        var access = QueuePostures.Access(
            """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}},
              {"Sid":"Partner","Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sqs:SendMessage","Resource":"*"}]}
            """, Arn, "111122223333");

        Assert.Equal(CheckStatus.Warn, access.Status);
        Assert.True(access.DeniesPlainHttp);
        Assert.Equal(["444455556666"], Assert.Single(access.Grants).Accounts);
    }

    [Fact]
    public void Evaluate_WorstCheckDecides()
    {
        var posture = QueuePostures.Evaluate(SampleReport.Queue("orders"), "us-east-1", ["team"], SampleReport.Keys, SampleReport.Now);

        Assert.Equal(Arn, posture.Arn);
        Assert.Equal((CheckStatus.Pass, CheckStatus.Fail, CheckStatus.Pass), (posture.Encryption.Status, posture.Tagging.Status, posture.Access.Status));
        Assert.Equal(CheckStatus.Fail, posture.Status);
    }
}
