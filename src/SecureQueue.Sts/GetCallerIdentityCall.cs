using Microsoft.AspNetCore.Http;
using SecureQueue.Gateway.Authorization;
using SecureQueue.Gateway.Calls;
using SecureQueue.Log.Events;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Sts;

/// <summary>
/// <c>sts:GetCallerIdentity</c>: who the authenticated caller is (account, principal ARN, credential id). As at AWS no
/// permission is needed and no policy can deny it, since it tells callers only about themselves; it is still audited,
/// with the decision <c>NotRequired</c>, so a security team sees every identity probe.
/// </summary>
internal sealed class GetCallerIdentityCall(LogWriter writer) : ProtocolCall
{
    public const string Action = "GetCallerIdentity";
    private bool audited;

    public override string AuditAction => Action;

    public override bool? ReadOnly => true;

    public override bool? DataEvent => false;

    public override bool NeedsNoPermission => true;

    public override bool Audited => audited;

    public override ValueTask<(string? AuditResource, AuthorizationInput Input)> ResolveAsync(CancellationToken cancellation) =>
        ValueTask.FromResult<(string?, AuthorizationInput)>((null, new AuthorizationInput("sts:GetCallerIdentity", "*")));

    public override async Task ExecuteAsync(HttpContext http, Caller caller, AuditEnvelope envelope)
    {
        var identity = new CallerIdentity(caller.CredentialId, AccountOf(caller.PrincipalArn), caller.PrincipalArn);
        await writer.AppendAsync(envelope, EventTypes.CallerIdentified);
        audited = true;
        var json = StsCallProtocol.IsJson(http.Request);
        await CallResponse.WriteAsync(
            http, envelope.RequestId, 200, json ? StsCallProtocol.JsonContentType : "text/xml",
            json ? StsResponses.Json(identity) : StsResponses.Xml(identity, envelope.RequestId));
    }

    // Principal ARNs are IAM ARNs (arn:aws:iam::ACCOUNT:user/NAME); the identities file refuses any other shape.
    private static string AccountOf(string principalArn) => principalArn.Split(':') is { Length: >= 6 } parts ? parts[4] : string.Empty;
}

/// <summary>What GetCallerIdentity answers: <c>UserId</c> is the credential id (aws:userid), as the caller's policies see it.</summary>
internal sealed record CallerIdentity(string UserId, string Account, string Arn);
