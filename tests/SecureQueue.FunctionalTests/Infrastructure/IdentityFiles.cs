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
}
