using System.Text.Json;

namespace SecureQueue.Log.Events;

/// <summary>Small writers for the detail of audit events.</summary>
public static class EventDetails
{
    /// <summary>Writes <paramref name="name"/> as an array of strings; nothing at all when <paramref name="omitEmpty"/> and there are none.</summary>
    public static void WriteStrings(this Utf8JsonWriter json, string name, IEnumerable<string> values, bool omitEmpty = false)
    {
        var list = values as IReadOnlyCollection<string> ?? values.ToList();
        if (omitEmpty && list.Count == 0)
        {
            return;
        }

        json.WriteStartArray(name);
        foreach (var value in list)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
