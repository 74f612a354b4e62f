using System.Buffers;

namespace SecureQueue.Crypto.Buffers;

/// <summary>
/// One buffer per thread for bytes that are built and consumed synchronously: a message's JSON that is sealed at once,
/// an audit record that is copied out. <see cref="System.Text.Json.Utf8JsonWriter"/> asks its buffer for six times a
/// string's length before writing it, so a new <see cref="ArrayBufferWriter{T}"/> per call grew to several kilobytes
/// for a 1 KiB body and was garbage at once: the largest share of a send's allocations. A returned buffer is cleared
/// first, as it may have held plaintext; one grown past 64 KiB (a large message) is left to the GC.
/// </summary>
public static class ScratchBuffer
{
    private const int InitialSize = 8 * 1024;
    private const int MaxKept = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? kept;

    /// <summary>The thread's buffer, empty; a caller that rents again before returning gets a new one.</summary>
    public static ArrayBufferWriter<byte> Rent()
    {
        var buffer = kept ?? new ArrayBufferWriter<byte>(InitialSize);
        kept = null;
        return buffer;
    }

    public static void Return(ArrayBufferWriter<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        buffer.Clear();
        if (buffer.Capacity <= MaxKept)
        {
            kept = buffer;
        }
    }
}
