namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>Settings for <see cref="SigV4Verifier"/>; the defaults are AWS's own limits.</summary>
/// <param name="Region">The region a credential scope must name, e.g. <c>us-east-1</c>, unless <see cref="Regions"/> lists more.</param>
/// <param name="Service">The only service a credential scope may name.</param>
public sealed record SigV4Options(string Region, string Service = "sqs")
{
    /// <summary>AWS's limit; it may be tightened (a shorter replay window) but never widened.</summary>
    public static readonly TimeSpan AwsMaxClockSkew = TimeSpan.FromMinutes(15);

    /// <summary>AWS's limit for presigned URLs (604,800 seconds).</summary>
    public static readonly TimeSpan AwsMaxPresignedExpiry = TimeSpan.FromDays(7);

    /// <summary>Every region a credential scope may name; empty means <see cref="Region"/> alone.</summary>
    public IReadOnlyList<string> Regions { get; init; } = [];

    public TimeSpan MaxClockSkew { get; init; } = AwsMaxClockSkew;

    public bool Serves(string region) => Regions.Count == 0 ? region == Region : Regions.Contains(region);

    public TimeSpan MaxPresignedExpiry { get; init; } = AwsMaxPresignedExpiry;

    /// <summary>
    /// Accepts <c>x-amz-content-sha256: UNSIGNED-PAYLOAD</c> on header-signed requests: the signature then covers
    /// everything but the body, as for a bearer token. Off for SQS, whose bodies are the calls themselves; the front door
    /// turns it on for <c>execute-api</c> so large bodies can stream to the upstream.
    /// </summary>
    public bool AllowUnsignedPayload { get; init; }

    /// <summary>Throws when a setting is missing or looser than AWS, so a misconfiguration fails at start-up.</summary>
    public void Validate()
    {
        RequireScopeElement(Region, nameof(Region));
        foreach (var region in Regions)
        {
            RequireScopeElement(region, nameof(Regions));
        }
        RequireScopeElement(Service, nameof(Service));
        if (MaxClockSkew <= TimeSpan.Zero || MaxClockSkew > AwsMaxClockSkew)
        {
            throw new ArgumentException(
                $"{nameof(MaxClockSkew)} must be greater than zero and at most {AwsMaxClockSkew.TotalMinutes} minutes.");
        }

        if (MaxPresignedExpiry < TimeSpan.FromSeconds(1) || MaxPresignedExpiry > AwsMaxPresignedExpiry)
        {
            throw new ArgumentException(
                $"{nameof(MaxPresignedExpiry)} must be between 1 second and {AwsMaxPresignedExpiry.TotalDays} days.");
        }
    }

    // Scope elements are compared ordinally with what clients send, and clients always send lowercase.
    private static void RequireScopeElement(string? value, string name)
    {
        if (string.IsNullOrEmpty(value) || !value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException($"{name} must be a non-empty lowercase name ([a-z0-9-]).");
        }
    }
}
