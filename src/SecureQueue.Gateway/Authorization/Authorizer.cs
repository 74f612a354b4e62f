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
            context = context.With("aws:ResourceTag/" + key, value);
        }

        foreach (var (key, value) in action.RequestTags(parameters))
        {
            context = context.With("aws:RequestTag/" + key, value);
        }

        if (action.TagKeys(parameters) is { Count: > 0 } keys)
        {
            context = context.With("aws:TagKeys", [.. keys]);
        }

        var request = new AuthorizationRequest(caller.PrincipalArn, action.IamAction, resource, context) { PrincipalAccount = options.AccountId };
        var queuePolicy = queue is null ? null : queuePolicies.For(resource, queue.Attributes.GetValueOrDefault("Policy"));
        return PolicyEvaluator.Evaluate(request, guardrails.Documents, caller.Identity.Policies, queuePolicy);
    }

    /// <summary>The decision as the audit event records it.</summary>
    public static AuthorizationRecord Record(Decision decision) => new(
        decision.Outcome.ToString(),
        decision.MatchedStatements.Select(s => s.Sid is null ? $"{s.Source}[{s.StatementIndex}]" : $"{s.Source}#{s.Sid}").ToList());

    private RequestContext Context(Caller caller, RequestOrigin origin, DateTimeOffset now)
    {
        var context = RequestContext.Empty
            .With("aws:SecureTransport", origin.SecureTransport ? "true" : "false")
            .With("aws:SourceIp", origin.SourceIp)
            .With("aws:CurrentTime", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .With("aws:EpochTime", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
            .With("aws:PrincipalArn", caller.PrincipalArn)
            .With("aws:PrincipalAccount", options.AccountId)
            .With("aws:PrincipalType", caller.PrincipalArn.Contains(":role/", StringComparison.Ordinal) ? "AssumedRole" : "User")
            .With("aws:username", caller.UserName)
            .With("aws:userid", caller.CredentialId)
            .With("aws:RequestedRegion", options.Region);
        if (caller.TokenIssuedAt is { } issued)
        {
            context = context.With("aws:TokenIssueTime", issued.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        if (origin.UserAgent is { } agent)
        {
            context = context.With("aws:UserAgent", agent);
        }

        foreach (var (key, value) in caller.Identity.Tags)
        {
            context = context.With("aws:PrincipalTag/" + key, value);
        }

        return context;
    }
}
