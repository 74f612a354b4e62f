using System.Text.Json.Nodes;

namespace SecureQueue.FunctionalTests.Infrastructure;

public static class IdentityFiles
{
    /// <summary>Adds a raw identity entry (JSON object) to the fixture's identities file, before the gateway starts.</summary>
    public static void Add(GatewayFiles files, string identityJson)
    {
        var document = JsonNode.Parse(File.ReadAllText(files.IdentitiesFile))!;
        document["identities"]!.AsArray().Add(JsonNode.Parse(identityJson));
        File.WriteAllText(files.IdentitiesFile, document.ToJsonString());
    }

    /// <summary>Adds a test identity with its access key and its policy (written as <c>NAME.json</c>), before the gateway starts.</summary>
    public static void Add(GatewayFiles files, TestIdentity identity)
    {
        File.WriteAllText(Path.Combine(files.PoliciesDirectory, identity.Name + ".json"), identity.PolicyJson);
        Add(files, $$"""{"name":"{{identity.Name}}","arn":"{{identity.Arn}}","accessKeys":[{"accessKeyId":"{{identity.AccessKeyId}}","secretAccessKey":"{{identity.SecretAccessKey}}"}],"policies":["{{identity.Name}}.json"]}""");
    }
}
