using SecureQueue.Gateway.Calls;
using SecureQueue.Gateway.Identity;
using SecureQueue.Sqs.Protocol;
using SecureQueue.Log.Audit;
using SecureQueue.Log.Queues;
using SecureQueue.Gateway.Authorization;

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
/// </summary>
/// <param name="findQueue">The queue as it is now (or as proposed), by region and name.</param>
public sealed class PolicyReplay(IdentityStore identities, Authorizer authorizer, SqsActions actions, Func<string, string, Task<QueueRecord?>> findQueue)
{
    private static readonly SqsParameters NoParameters = QueryParameters.From([]);

    public async Task<ReplayReport> RunAsync(IAsyncEnumerable<AuditedCall> calls, CancellationToken cancellationToken = default)
    {
        var replayed = 0;
        var changes = new List<ReplayChange>();
        var skipped = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var call in calls.WithCancellation(cancellationToken))
        {
            var identity = call.PrincipalArn is null ? null : identities.FindByArn(call.PrincipalArn);
            var action = actions.Find(call.Action);
            if (identity is null || action is null)
            {
                var reason = identity is null ? "principal not in the identities file" : "action not served";
                skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
                continue;
            }

            var resource = call.ResourceArn ?? "*";
            // A queue ARN is arn:aws:sqs:REGION:ACCOUNT:NAME; the call ran in the queue's region.
            var arn = call.ResourceArn?.Split(':');
            var region = arn is { Length: 6 } ? arn[3] : null;
            var queue = arn is { Length: 6 } ? await findQueue(arn[3], arn[5]) : null;
            var caller = new Caller(identity.PrincipalArn, AuthenticationMethod.SigV4, "replay", identity);
            var origin = new RequestOrigin("replay", call.SourceIp ?? "0.0.0.0", call.UserAgent, call.TlsVersion is not null, call.TlsVersion, null, "/", region);
            var decision = authorizer.Authorize(caller, action.AuthorizationInput(resource, queue, NoParameters), origin, call.RecordedAt).Outcome.ToString();
            replayed++;
            if (decision != call.Decision)
            {
                changes.Add(new ReplayChange(call, decision));
            }
        }

        return new ReplayReport(replayed, changes, skipped);
    }
}
