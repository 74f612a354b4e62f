using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecureQueue.Log.Events;

/// <summary>
/// The one event type of the log: a call, whatever its outcome. Its data is the canonical record
/// <see cref="EventData"/> writes (envelope, decision, error and the call's detail), stored by Marten as written.
/// </summary>
[JsonConverter(typeof(CallRecordedConverter))]
public sealed class CallRecorded(byte[] json)
{
    /// <summary>The record's UTF-8 JSON.</summary>
    public byte[] Json { get; } = json;
}

/// <summary>Hands Marten the record's bytes unchanged, so an event costs no second serialization.</summary>
internal sealed class CallRecordedConverter : JsonConverter<CallRecorded>
{
    public override CallRecorded Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new CallRecorded(JsonSerializer.SerializeToUtf8Bytes(document.RootElement));
    }

    // EventData writes the record with Utf8JsonWriter: it is valid JSON by construction.
    public override void Write(Utf8JsonWriter writer, CallRecorded value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json, skipInputValidation: true);
}
