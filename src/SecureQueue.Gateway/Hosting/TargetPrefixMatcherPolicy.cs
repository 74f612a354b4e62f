using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using SecureQueue.Gateway.Authentication.SigV4;

namespace SecureQueue.Gateway.Hosting;

/// <summary>
/// Endpoint metadata: the endpoint answers only requests whose <c>X-Amz-Target</c> starts with one of <see cref="Prefixes"/>,
/// or, when <see cref="ScopeService"/> is set, whose SigV4 credential scope names that service (how AWS Query clients of
/// STS and SQS, which share <c>POST /</c> and form bodies, are told apart).
/// </summary>
public sealed record TargetPrefixMetadata(IReadOnlyList<string> Prefixes, string? ScopeService = null)
{
    public bool Matches(string target) => Prefixes.Any(p => target.StartsWith(p, StringComparison.Ordinal));

    public bool Matches(HttpRequest request) =>
        (request.Headers["X-Amz-Target"] is { Count: 1 } target && target[0] is { } value && Matches(value))
        || (ScopeService is not null && CredentialScope.ServiceOf(request) == ScopeService);
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
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) && candidates[i].Endpoint.Metadata.GetMetadata<TargetPrefixMetadata>() is { } required
                && !required.Matches(httpContext.Request))
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

    /// <summary>As <see cref="RequireTargetPrefix"/>, or a SigV4 credential scope naming <paramref name="service"/>.</summary>
    public static TBuilder RequireTargetPrefixOrScope<TBuilder>(this TBuilder builder, IReadOnlyList<string> prefixes, string service)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new TargetPrefixMetadata(prefixes, service));
}
