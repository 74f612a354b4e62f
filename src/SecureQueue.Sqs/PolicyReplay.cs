using SecureQueue.Gateway.Identity;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Log.Audit;
using SecureQueue.Log.Queues;
using SecureQueue.Gateway.Authorization;
using SecureQueue.Policies.Documents;

namespace SecureQueue.Sqs;

/// <summary>A call whose decision would differ under the proposed policies.</summary>
public sealed record ReplayChange(AuditedCall Call, string ProposedDecision);

/// <summary>What a replay found: how many calls were re-evaluated, which would change, and which could not be replayed and why.</summary>
public sealed record ReplayReport(int Replayed, IReadOnlyList<ReplayChange> Changes, IReadOnlyDictionary<string, int> Skipped)
{
    public IEnumerable<ReplayChange> NewlyDenied => Changes.Where(c => c.Call.Decision == "Allowed");

    public IEnumerable<ReplayChange> NewlyAllowed => Changes.Where(c => c.ProposedDecision == "Allowed");
}

/// <summary>
/// Re-evaluates audited calls against proposed policies: identity policies and guardrails from the proposed
/// directory, each queue's current policy and tags (or a proposed <c>queues/NAME.json</c>), and the kms permission a send or
/// receive needs under the queue's current KmsMasterKeyId, as the gateway decides them. Request parameters are not in the audit
/// record, so conditions on CreateQueue/TagQueue request tags see no tags, and a KmsMasterKeyId being set is not re-checked.
/// Front door requests (<c>execute-api:Invoke</c> on a route's ARN) are replayed with the proposed route policy
/// (<paramref name="findRoutePolicy"/>); their request headers are not recorded, so header conditions see none.
/// Each call is decided in the region its resource names (<c>aws:RequestedRegion</c>).
/// </summary>
/// <param name="findQueue">The queue as it is now (or as proposed), by region and name.</param>
public sealed class PolicyReplay(
    IdentityStore identities, Authorizer authorizer, SqsActions actions, Func<string, string, Task<QueueRecord?>> findQueue,
    Func<string, PolicyDocument?> findRoutePolicy)
{
    private const string RoutePrefix = "arn:aws:execute-api:";

    private static readonly SqsParameters NoParameters = QueryParameters.From([]);

    public async Task<ReplayReport> RunAsync(IAsyncEnumerable<AuditedCall> calls, CancellationToken cancellationToken = default)
    {
        var replayed = 0;
        var changes = new List<ReplayChange>();
        var skipped = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var call in calls.WithCancellation(cancellationToken))
        {
            var identity = call.PrincipalArn is null ? null : identities.FindByArn(call.PrincipalArn);
            var input = identity is null ? null : await InputAsync(call);
            if (identity is null || input is null)
            {
                var reason = identity is null ? "principal not in the identities file" : "action not served";
                skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
                continue;
            }

            var caller = new Caller(identity.PrincipalArn, AuthenticationMethod.SigV4, "replay", identity);
            var origin = new RequestOrigin("replay", call.SourceIp ?? "0.0.0.0", call.UserAgent, call.TlsVersion is not null, call.TlsVersion, null, "/", RegionOf(call));
            var decision = authorizer.Authorize(caller, input, origin, call.RecordedAt).Outcome.ToString();
            replayed++;
            if (decision != call.Decision)
            {
                changes.Add(new ReplayChange(call, decision));
            }
        }

        return new ReplayReport(replayed, changes, skipped);
    }

    /// <summary>The IAM action a recorded call was authorized as: <c>execute-api:Invoke</c> for the front door, <c>sqs:…</c> otherwise.</summary>
    public static string IamAction(AuditedCall call) => IsRoute(call) ? "execute-api:Invoke" : "sqs:" + call.Action;

    private static bool IsRoute(AuditedCall call) => call.Action == "Invoke" && call.ResourceArn?.StartsWith(RoutePrefix, StringComparison.Ordinal) == true;

    private async Task<AuthorizationInput?> InputAsync(AuditedCall call)
    {
        // A route ARN is arn:aws:execute-api:{region}:{account}:{routeId}/{stage}/{METHOD}/{path}.
        if (IsRoute(call) && call.ResourceArn!.Split(':', 6) is [.., var tail])
        {
            return new AuthorizationInput("execute-api:Invoke", call.ResourceArn) { CompiledResourcePolicy = findRoutePolicy(tail.Split('/')[0]) };
        }

        if (actions.Find(call.Action) is not { } action)
        {
            return null;
        }

        // A queue ARN is arn:aws:sqs:REGION:ACCOUNT:NAME.
        var queue = call.ResourceArn?.Split(':') is { Length: 6 } arn ? await findQueue(arn[3], arn[5]) : null;
        return action.AuthorizationInput(call.ResourceArn ?? "*", queue, NoParameters);
    }

    // Queue and route ARNs both name their region fourth; a call without a resource ran in the default region.
    private static string? RegionOf(AuditedCall call) => call.ResourceArn?.Split(':') is { Length: >= 6 } arn ? arn[3] : null;
}
