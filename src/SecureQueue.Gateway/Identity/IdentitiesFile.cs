using System.Text.Json.Serialization;

namespace SecureQueue.Gateway.Identity;

/// <summary>
/// The identities file: <c>{"identities":[{"name","arn","accessKeys":[…],"federated":[…],"certificates":[…],"policies":[file…],"tags":{…}}]}</c>.
/// Each identity needs at least one credential: an access key (SigV4), a JWT issuer and subject, or a client certificate subject or DNS name.
/// </summary>
public sealed record IdentitiesFile(IReadOnlyList<IdentityEntry>? Identities);

public sealed record IdentityEntry(
    string? Name,
    string? Arn,
    IReadOnlyList<AccessKeyEntry>? AccessKeys,
    IReadOnlyList<FederatedEntry>? Federated,
    IReadOnlyList<CertificateEntry>? Certificates,
    IReadOnlyList<string>? Policies,
    IReadOnlyDictionary<string, string>? Tags);

public sealed record AccessKeyEntry(string? AccessKeyId, string? SecretAccessKey);

/// <summary>A JWT identity: tokens from <c>Issuer</c> whose <c>sub</c> is <c>Subject</c>.</summary>
public sealed record FederatedEntry(string? Issuer, string? Subject);

/// <summary>A client certificate identity: the exact subject distinguished name, or a DNS subject alternative name.</summary>
public sealed record CertificateEntry(string? Subject, string? Dns);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(IdentitiesFile))]
internal sealed partial class IdentityJson : JsonSerializerContext;
