namespace SecureQueue.FunctionalTests.Infrastructure;

/// <summary>A principal the test gateway knows, with its credentials.</summary>
public sealed record TestIdentity(string Name, string AccessKeyId, string SecretAccessKey, string PolicyJson)
{
    public string Arn => $"arn:aws:iam::000000000000:user/{Name}";

    /// <summary>Every SQS action, and the KMS actions a queue under a customer key family (KmsMasterKeyId) needs.</summary>
    public static readonly TestIdentity Admin = new("admin", "AKIASECQTESTADMIN001", "adminSecretKey0123456789abcdefghijklmnop",
        """{"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Action":"sqs:*","Resource":"*"},{"Sid":"QueueKeys","Effect":"Allow","Action":["kms:GenerateDataKey","kms:Decrypt"],"Resource":"*"}]}""");

    /// <summary>May only send; anything else is implicitly denied.</summary>
    public static readonly TestIdentity Sender = new("sender", "AKIASECQTESTSENDER01", "senderSecretKey0123456789abcdefghijklmn",
        """{"Version":"2012-10-17","Statement":[{"Sid":"SendOnly","Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:000000000000:*"}]}""");

    /// <summary>May do anything but delete queues: an explicit deny beats the allow.</summary>
    public static readonly TestIdentity NoDelete = new("nodelete", "AKIASECQTESTNODEL001", "nodeleteSecretKey0123456789abcdefghijkl",
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"},{"Sid":"NoDeleteQueue","Effect":"Deny","Action":"sqs:DeleteQueue","Resource":"*"}]}""");

    /// <summary>May do anything, but only over TLS: a Deny on aws:SecureTransport false.</summary>
    public static readonly TestIdentity TlsOnly = new("tlsonly", "AKIASECQTESTTLSONLY1", "tlsonlySecretKey0123456789abcdefghijklm",
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"},{"Sid":"DenyPlainHttp","Effect":"Deny","Action":"sqs:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""");

    /// <summary>The repository's trail auditor (policies/identities/trail-auditor.json): cloudtrail:LookupEvents and nothing else.</summary>
    public static readonly TestIdentity Auditor = new("auditor", "AKIASECQTESTAUDITOR1", "auditorSecretKey0123456789abcdefghijklm",
        File.ReadAllText(Path.Combine(ClientProcess.RepositoryRoot, "policies", "identities", "trail-auditor.json")));

    public static readonly IReadOnlyList<TestIdentity> All = [Admin, Sender, NoDelete, TlsOnly, Auditor];
}
