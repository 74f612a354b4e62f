using System.Text.Json.Serialization;

namespace SecureQueue.Gateway.Identity;

/// <summary>The identities file: <c>{"identities":[{"name","arn","accessKeys":[{"accessKeyId","secretAccessKey"}],"policies":[file…],"tags":{…}}]}</c>.</summary>
public sealed record IdentitiesFile(IReadOnlyList<IdentityEntry>? Identities);

public sealed record IdentityEntry(
    string? Name, string? Arn, IReadOnlyList<AccessKeyEntry>? AccessKeys, IReadOnlyList<string>? Policies, IReadOnlyDictionary<string, string>? Tags);

public sealed record AccessKeyEntry(string? AccessKeyId, string? SecretAccessKey);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(IdentitiesFile))]
internal sealed partial class IdentityJson : JsonSerializerContext;
