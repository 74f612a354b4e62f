using System.Globalization;
using SecureQueue.Gateway.Sqs;
using SecureQueue.Gateway.Sqs.Errors;
using SecureQueue.Policies.Evaluation;

namespace SecureQueue.Gateway.Authorization;

/// <summary>Deny by default: a call proceeds only if the caller's identity policies allow it and nothing denies it.</summary>
public sealed class Authorizer(GatewayOptions options)
{
    /// <summary>Returns when the call is allowed; throws AccessDenied (with AWS's explanation form) otherwise.</summary>
    public void Authorize(Caller caller, string action, string resource, RequestOrigin origin, DateTimeOffset now)
    {
        var request = new AuthorizationRequest(caller.PrincipalArn, action, resource, Context(caller, origin, now)) { PrincipalAccount = options.AccountId };
        var decision = PolicyEvaluator.Evaluate(request, [], caller.Identity.Policies, null);
        if (!decision.IsAllowed)
        {
            throw SqsErrors.AccessDenied(decision.ToAccessDeniedMessage());
        }
    }

    private RequestContext Context(Caller caller, RequestOrigin origin, DateTimeOffset now) => RequestContext.Empty
        .With("aws:SecureTransport", origin.SecureTransport ? "true" : "false")
        .With("aws:SourceIp", origin.SourceIp)
        .With("aws:CurrentTime", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
        .With("aws:EpochTime", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
        .With("aws:PrincipalArn", caller.PrincipalArn)
        .With("aws:PrincipalAccount", options.AccountId)
        .With("aws:PrincipalType", "User")
        .With("aws:username", caller.UserName)
        .With("aws:RequestedRegion", options.Region)
        .With("aws:UserAgent", origin.UserAgent ?? string.Empty);
}
