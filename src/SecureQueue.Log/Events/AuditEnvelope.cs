namespace SecureQueue.Log.Events;

/// <summary>
/// Who made a call, from where and over what: recorded on every event, whatever the call's outcome. Every
/// field passes through <see cref="AuditText"/> when set (also by <c>with</c>), so an envelope is storable and
/// bounded by construction, whatever a caller sent.
/// </summary>
public sealed record AuditEnvelope
{
    public const int MaxAction = 64;
    public const int MaxArn = 1024;
    public const int MaxAccessKeyId = 128;
    public const int MaxUserAgent = 1024;
    private const int MaxShort = 128;

    private readonly string action = string.Empty;
    private readonly string? principalArn;
    private readonly string? accessKeyId;
    private readonly string sourceIp = string.Empty;
    private readonly string? userAgent;
    private readonly string? resourceArn;
    private readonly string? tlsVersion;
    private readonly string? tlsCipher;
    private readonly string? host;
    private readonly string? credentialId;
    private readonly string? userName;
    private readonly string? certificateSubject;

    public AuditEnvelope(
        Guid RequestId, string Action, string? PrincipalArn, string? AccessKeyId, string SourceIp, string? UserAgent, string? ResourceArn, string? TlsVersion, string? TlsCipher)
    {
        this.RequestId = RequestId;
        this.Action = Action;
        this.PrincipalArn = PrincipalArn;
        this.AccessKeyId = AccessKeyId;
        this.SourceIp = SourceIp;
        this.UserAgent = UserAgent;
        this.ResourceArn = ResourceArn;
        this.TlsVersion = TlsVersion;
        this.TlsCipher = TlsCipher;
    }

    public Guid RequestId { get; init; }

    public string Action { get => action; init => action = AuditText.Escape(value, MaxAction); }

    public string? PrincipalArn { get => principalArn; init => principalArn = AuditText.Storable(value, MaxArn); }

    public string? AccessKeyId { get => accessKeyId; init => accessKeyId = AuditText.Storable(value, MaxAccessKeyId); }

    public string SourceIp { get => sourceIp; init => sourceIp = AuditText.Escape(value, MaxShort); }

    public string? UserAgent { get => userAgent; init => userAgent = AuditText.Storable(value, MaxUserAgent); }

    public string? ResourceArn { get => resourceArn; init => resourceArn = AuditText.Storable(value, MaxArn); }

    public string? TlsVersion { get => tlsVersion; init => tlsVersion = AuditText.Storable(value, MaxShort); }

    public string? TlsCipher { get => tlsCipher; init => tlsCipher = AuditText.Storable(value, MaxShort); }

    /// <summary>The service the call was made to, as CloudTrail names it (<c>sqs.amazonaws.com</c>); null for the gateway's own events.</summary>
    public string? EventSource { get; init; }

    /// <summary>The region the call was served in.</summary>
    public string? Region { get; init; }

    /// <summary>The Host header the caller sent (CloudTrail's <c>tlsDetails.clientProvidedHostHeader</c>).</summary>
    public string? Host { get => host; init => host = AuditText.Storable(value, MaxShort); }

    /// <summary>How the caller proved who it is (SigV4, Jwt, ClientCertificate), once authenticated.</summary>
    public string? AuthenticationMethod { get; init; }

    /// <summary>The credential the caller used: access key id, <c>issuer|subject</c> of a token, or <c>x509:</c> certificate thumbprint.</summary>
    public string? CredentialId { get => credentialId; init => credentialId = AuditText.Storable(value, MaxArn); }

    /// <summary>The name of the caller's identity (CloudTrail's <c>userIdentity.userName</c>), once authenticated.</summary>
    public string? UserName { get => userName; init => userName = AuditText.Storable(value, MaxArn); }

    /// <summary>The subject DN of the client certificate a certificate caller presented.</summary>
    public string? CertificateSubject { get => certificateSubject; init => certificateSubject = AuditText.Storable(value, MaxArn); }

    /// <summary>True for a call that changes nothing (CloudTrail's <c>readOnly</c>); null when the action is unknown.</summary>
    public bool? ReadOnly { get; init; }

    /// <summary>True for a data event (message-level calls), false for a management event, as CloudTrail classifies the action.</summary>
    public bool? DataEvent { get; init; }

    /// <summary>
    /// The request's parameters as a JSON object in the API's shape (CloudTrail's <c>requestParameters</c>), with every
    /// message body, attribute value, receipt handle and policy document replaced by a marker: written by the protocol.
    /// </summary>
    public ReadOnlyMemory<byte>? RequestParameters { get; init; }

    /// <summary>The authorization decision, once the call reached authorization.</summary>
    public AuthorizationRecord? Authorization { get; init; }
}

/// <summary>
/// What authorization decided and which statements made it so (<c>source#Sid</c> or <c>source[index]</c>). <see cref="Decision"/>
/// is the call's: the first kms decision that denied, when the queue action itself was allowed.
/// </summary>
public sealed record AuthorizationRecord(string Decision, IReadOnlyList<string> MatchedStatements)
{
    /// <summary>The kms actions the call needed on a customer key (KmsMasterKeyId), each decided on its own.</summary>
    public IReadOnlyList<KeyAuthorizationRecord> Keys { get; init; } = [];
}

/// <summary>One kms decision of a call: e.g. kms:GenerateDataKey on <c>arn:aws:kms:…:alias/orders</c>, and what decided it.</summary>
public sealed record KeyAuthorizationRecord(string Action, string Resource, string Decision, IReadOnlyList<string> MatchedStatements);
