using System.Text.Json;
using SecureQueue.Log.Events;

namespace SecureQueue.Gateway.Keys;

public static class DataKeyEvents
{
    /// <summary>Records destroyed data keys in the event of the call that destroyed them (crypto-shredding is audited).</summary>
    public static void WriteDestroyed(Utf8JsonWriter json, IReadOnlyList<Guid> keyIds) =>
        json.WriteStrings("dataKeysDestroyed", keyIds.Select(id => id.ToString()), omitEmpty: true);
}
