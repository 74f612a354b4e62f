using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Encryption;

/// <summary>Small JSON-protocol helpers for the encryption tests.</summary>
internal static class EncryptionClient
{
    public static async Task<(string Name, string Url)> CreateQueueAsync(SignedClient client, string prefix = "enc", int visibilityTimeout = 30)
    {
        var name = GatewayFixture.QueueName(prefix);
        var request = new { QueueName = name, Attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = visibilityTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        using var response = await client.JsonAsync("CreateQueue", JsonSerializer.Serialize(request), TestIdentity.Admin);
        response.EnsureSuccessStatusCode();
        return (name, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("QueueUrl").GetString()!);
    }

    public static async Task<string> SendAsync(SignedClient client, string url, string body, IReadOnlyDictionary<string, string>? attributes = null)
    {
        var request = new Dictionary<string, object> { ["QueueUrl"] = url, ["MessageBody"] = body };
        if (attributes is not null)
        {
            request["MessageAttributes"] = attributes.ToDictionary(a => a.Key, a => new { DataType = "String", StringValue = a.Value });
        }

        using var response = await client.JsonAsync("SendMessage", JsonSerializer.Serialize(request), TestIdentity.Admin);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("MessageId").GetString()!;
    }

    public static async Task<(List<JsonElement> Messages, Guid RequestId)> ReceiveAsync(
        SignedClient client, string url, int max = 10, string attributeNames = "[]", int visibilityTimeout = 60)
    {
        using var response = await client.JsonAsync("ReceiveMessage",
            $$"""{"QueueUrl":"{{url}}","MaxNumberOfMessages":{{max}},"VisibilityTimeout":{{visibilityTimeout}},"MessageAttributeNames":{{attributeNames}},"AttributeNames":["All"]}""",
            TestIdentity.Admin);
        response.EnsureSuccessStatusCode();
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        var messages = root.TryGetProperty("Messages", out var list) ? list.EnumerateArray().ToList() : [];
        return (messages, Protocol.WireAssertions.RequestId(response));
    }
}
