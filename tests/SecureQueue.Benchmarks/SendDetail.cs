using System.Text.Json;

namespace SecureQueue.Benchmarks;

/// <summary>The detail of a one-message send event, as the gateway writes it: the message's key and where its sealed body is in the attachment.</summary>
internal static class SendDetail
{
    public static Action<Utf8JsonWriter> Of(int sealedLength) => json =>
    {
        json.WriteNumber("queueId", 1);
        json.WriteString("senderId", "AKIABENCHMARK0000000");
        json.WriteStartArray("messages");
        json.WriteStartObject();
        json.WriteString("id", Guid.NewGuid());
        json.WriteString("keyId", Guid.NewGuid());
        json.WriteNumber("kekVersion", 1);
        json.WriteStartObject("sealed");
        json.WriteNumber("offset", 0);
        json.WriteNumber("length", sealedLength);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
    };
}
