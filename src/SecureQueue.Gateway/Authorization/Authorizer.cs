using System.Globalization;
using SecureQueue.Crypto.Keys;
using SecureQueue.Policies.Evaluation;
using SecureQueue.Log.Events;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Gateway.Authorization;

/// <summary>
/// Deny by default: guardrails, then any explicit Deny, then an Allow from the caller's identity policies or
/// the resource's policy. The request context is filled from the caller, the request's origin and the
/// protocol-neutral <see cref="AuthorizationInput"/> each protocol builds for its calls.
/// </summary>
public sealed class Authorizer(GatewayOptions options, QueuePolicies queuePolicies, GuardrailSource guardrails)
{
    /// <summary>
    /// The decision on the call's action, then — only if it allowed — the kms decision for a customer key the call would use,
    /// on the key's ARN with the caller's identity policies and the guardrails (no key policies here). SQS's default key needs none.
    /// </summary>
    public CallAuthorization Authorize(Caller caller, AuthorizationInput input, RequestOrigin origin, DateTimeOffset now)
    {
        var decision = Decide(caller, input, origin, now);
        if (!decision.IsAllowed || input.Key is not { } key || KeyFamilies.IsAwsManaged(key.KeyId))
        {
            return new CallAuthorization(decision, []);
        }

        var keyArn = KeyFamilies.Arn(key.KeyId, origin.Region ?? options.Region, options.AccountId);
        var request = new AuthorizationRequest(caller.PrincipalArn, key.Action, keyArn, new RequestContext(Context(caller, origin, now))) { PrincipalAccount = options.AccountId };
        return new CallAuthorization(decision, [PolicyEvaluator.Evaluate(request, guardrails.Current.Documents, caller.Identity.Policies, null)]);
    }

    /// <summary>The decisions as the audit event records them.</summary>
    public static AuthorizationRecord Record(CallAuthorization authorization) => new(authorization.Outcome.ToString(), Matched(authorization.Decision))
    {
        Keys = authorization.Keys.Select(k => new KeyAuthorizationRecord(k.Request.Action, k.Request.Resource, k.Outcome.ToString(), Matched(k))).ToList(),
    };

    private Decision Decide(Caller caller, AuthorizationInput input, RequestOrigin origin, DateTimeOffset now)
    {
        var context = Context(caller, origin, now);
        AddTags(context, "aws:ResourceTag/", input.ResourceTags);
        AddTags(context, "aws:RequestTag/", input.RequestTags);
        if (input.TagKeys.Count > 0)
        {
            context["aws:TagKeys"] = input.TagKeys;
        }

        foreach (var (key, values) in input.Context)
        {
            context[key] = values;
        }

        var request = new AuthorizationRequest(caller.PrincipalArn, input.Action, input.Resource, new RequestContext(context)) { PrincipalAccount = options.AccountId };
        var resourcePolicy = input.CompiledResourcePolicy ?? (input.ResourcePolicy is null ? null : queuePolicies.For(input.Resource, input.ResourcePolicy));
        return PolicyEvaluator.Evaluate(request, guardrails.Current.Documents, caller.Identity.Policies, resourcePolicy);
    }

    private static List<string> Matched(Decision decision) =>
        decision.MatchedStatements.Select(s => s.Sid is null ? $"{s.Source}[{s.StatementIndex}]" : $"{s.Source}#{s.Sid}").ToList();

    // Tag keys that differ only by case are one IAM key: every value is kept, so a Deny on any of them applies (QueueTags
    // refuses such keys; this covers tags stored before it did).
    private static void AddTags(Dictionary<string, IReadOnlyList<string>> context, string prefix, IReadOnlyDictionary<string, string>? tags)
    {
        foreach (var (key, value) in tags ?? new Dictionary<string, string>())
        {
            var name = prefix + key;
            context[name] = context.TryGetValue(name, out var values) ? [.. values, value] : [value];
        }
    }

    // Collected once and turned into one RequestContext: building it key by key would copy it per key on every call.
    private Dictionary<string, IReadOnlyList<string>> Context(Caller caller, RequestOrigin origin, DateTimeOffset now)
    {
        var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["aws:SecureTransport"] = [origin.SecureTransport ? "true" : "false"],
            ["aws:SourceIp"] = [origin.SourceIp],
            ["aws:CurrentTime"] = [now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)],
            ["aws:EpochTime"] = [now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)],
            ["aws:RequestedRegion"] = [origin.Region ?? options.Region],
        };
        if (caller.IsAnonymous)
        {
            // As at AWS, an anonymous request has no principal ARN, account, user name or user id to condition on.
            context["aws:PrincipalType"] = ["Anonymous"];
        }
        else
        {
            context["aws:PrincipalArn"] = [caller.PrincipalArn];
            context["aws:PrincipalAccount"] = [options.AccountId];
            context["aws:PrincipalType"] = [caller.PrincipalArn.Contains(":role/", StringComparison.Ordinal) ? "AssumedRole" : "User"];
            context["aws:username"] = [caller.UserName];
            context["aws:userid"] = [caller.CredentialId];
        }
        if (caller.TokenIssuedAt is { } issued)
        {
            context["aws:TokenIssueTime"] = [issued.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)];
        }

        if (origin.UserAgent is { } agent)
        {
            context["aws:UserAgent"] = [agent];
        }

        foreach (var (key, value) in caller.Identity.Tags)
        {
            context["aws:PrincipalTag/" + key] = [value];
        }

        return context;
    }
}
