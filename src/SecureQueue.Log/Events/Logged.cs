using System.Text.Json;

namespace SecureQueue.Log.Events;

/// <summary>What a call's work hands back to the writer: its result and the event that records it.</summary>
public sealed record Logged<T>(T Value, EventType EventType, Action<Utf8JsonWriter>? Detail = null)
{
    /// <summary>False for a long-poll attempt that found nothing and will try again: it is not yet the call's event.</summary>
    public bool Append { get; init; } = true;

    /// <summary>
    /// Bytes stored beside the record, in the event's <c>bdata</c> column: the sealed bodies of the messages the call
    /// stores, which the record's detail points into. Covered by the event's seal like every other column.
    /// </summary>
    public byte[]? Attachment { get; init; }
}
