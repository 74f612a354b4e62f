using System.Text.Json;

namespace SecureQueue.Gateway.Keys;

public static class DataKeyEvents
{
    /// <summary>Records destroyed data keys in the event of the call that destroyed them (crypto-shredding is audited).</summary>
    public static void WriteDestroyed(Utf8JsonWriter json, IReadOnlyList<Guid> keyIds)
    {
        if (keyIds.Count == 0)
        {
            return;
        }

        json.WriteStartArray("dataKeysDestroyed");
        foreach (var id in keyIds)
        {
            json.WriteStringValue(id);
        }

        json.WriteEndArray();
    }
}
