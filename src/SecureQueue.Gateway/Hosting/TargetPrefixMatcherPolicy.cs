using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;

namespace SecureQueue.Gateway.Hosting;

/// <summary>Endpoint metadata: the endpoint answers only requests whose <c>X-Amz-Target</c> starts with one of <see cref="Prefixes"/>.</summary>
public sealed record TargetPrefixMetadata(IReadOnlyList<string> Prefixes)
{
    public bool Matches(string target) => Prefixes.Any(p => target.StartsWith(p, StringComparison.Ordinal));
}

/// <summary>
/// Lets a protocol that AWS tells apart by its <c>X-Amz-Target</c> (CloudTrail's JSON 1.1 on <c>POST /</c>) sit beside
/// SQS's catch-all route: an endpoint carrying <see cref="TargetPrefixMetadata"/> is a candidate only for requests whose
/// target starts with one of its prefixes (ordinal, as AWS compares targets), so every other request falls through to SQS.
/// </summary>
public sealed class TargetPrefixMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    // Before the HTTP method policy, so a request for another protocol never sees this endpoint's 405.
    public override int Order => -1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(e => e.Metadata.GetMetadata<TargetPrefixMetadata>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var target = httpContext.Request.Headers["X-Amz-Target"];
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) && candidates[i].Endpoint.Metadata.GetMetadata<TargetPrefixMetadata>() is { } required
                && !(target.Count == 1 && target[0] is { } value && required.Matches(value)))
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}

public static class TargetPrefixRouting
{
    /// <summary>Restricts an endpoint to requests whose <c>X-Amz-Target</c> starts with one of <paramref name="prefixes"/>.</summary>
    public static TBuilder RequireTargetPrefix<TBuilder>(this TBuilder builder, IReadOnlyList<string> prefixes)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new TargetPrefixMetadata(prefixes));
}
