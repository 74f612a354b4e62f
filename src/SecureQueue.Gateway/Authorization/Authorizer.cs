using System.Globalization;
using SecureQueue.Gateway.Sqs;
using SecureQueue.Gateway.Sqs.Protocol;
using SecureQueue.Policies.Evaluation;
using SecureQueue.Storage.Log;
using SecureQueue.Storage.Queues;

namespace SecureQueue.Gateway.Authorization;

/// <summary>
/// Deny by default: guardrails, then any explicit Deny, then an Allow from the caller's identity policies or
/// the queue's policy. The request context is filled from the call, the caller and the queue.
/// </summary>
public sealed class Authorizer(GatewayOptions options, QueuePolicies queuePolicies, Guardrails guardrails)
{
    public Decision Decide(Caller caller, SqsAction action, string resource, QueueRecord? queue, SqsParameters parameters, RequestOrigin origin, DateTimeOffset now)
    {
        var context = Context(caller, origin, now);
        foreach (var (key, value) in queue?.Tags ?? new Dictionary<string, string>())
        {
            context["aws:ResourceTag/" + key] = [value];
        }

        foreach (var (key, value) in action.RequestTags(parameters))
        {
            context["aws:RequestTag/" + key] = [value];
        }

        if (action.TagKeys(parameters) is { Count: > 0 } keys)
        {
            context["aws:TagKeys"] = keys;
        }

        var request = new AuthorizationRequest(caller.PrincipalArn, action.IamAction, resource, new RequestContext(context)) { PrincipalAccount = options.AccountId };
        var queuePolicy = queue is null ? null : queuePolicies.For(resource, queue.Attributes.GetValueOrDefault("Policy"));
        return PolicyEvaluator.Evaluate(request, guardrails.Documents, caller.Identity.Policies, queuePolicy);
    }

    /// <summary>The decision as the audit event records it.</summary>
    public static AuthorizationRecord Record(Decision decision) => new(
        decision.Outcome.ToString(),
        decision.MatchedStatements.Select(s => s.Sid is null ? $"{s.Source}[{s.StatementIndex}]" : $"{s.Source}#{s.Sid}").ToList());

    // Collected once and turned into one RequestContext: building it key by key would copy it per key on every call.
    private Dictionary<string, IReadOnlyList<string>> Context(Caller caller, RequestOrigin origin, DateTimeOffset now)
    {
        var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["aws:SecureTransport"] = [origin.SecureTransport ? "true" : "false"],
            ["aws:SourceIp"] = [origin.SourceIp],
            ["aws:CurrentTime"] = [now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)],
            ["aws:EpochTime"] = [now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)],
            ["aws:PrincipalArn"] = [caller.PrincipalArn],
            ["aws:PrincipalAccount"] = [options.AccountId],
            ["aws:PrincipalType"] = [caller.PrincipalArn.Contains(":role/", StringComparison.Ordinal) ? "AssumedRole" : "User"],
            ["aws:username"] = [caller.UserName],
            ["aws:userid"] = [caller.CredentialId],
            ["aws:RequestedRegion"] = [options.Region],
        };
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
