using System.Buffers;
using System.Text;

namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>
/// A growable UTF-8 buffer rented from the shared pool, so the canonical request and the string to sign are hashed as
/// they are written instead of being built as strings and encoded again. Dispose clears what was written (a presigned
/// URL's query can hold a message body) and returns the buffer.
/// </summary>
internal sealed class Utf8Buffer(int capacity) : IDisposable
{
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => buffer.AsSpan(0, Length);

    public Utf8Buffer Append(byte value)
    {
        Ensure(1);
        buffer[Length++] = value;
        return this;
    }

    public Utf8Buffer Append(ReadOnlySpan<char> value)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(value.Length));
        Length += Encoding.UTF8.GetBytes(value, buffer.AsSpan(Length));
        return this;
    }

    public Utf8Buffer Append(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(buffer.AsSpan(Length));
        Length += value.Length;
        return this;
    }

    public override string ToString() => Encoding.UTF8.GetString(Written);

    public void Dispose()
    {
        var rented = buffer;
        rented.AsSpan(0, Length).Clear();
        buffer = [];
        Length = 0;
        ArrayPool<byte>.Shared.Return(rented);
    }

    private void Ensure(int more)
    {
        if (Length + more <= buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, Length + more));
        Written.CopyTo(larger);
        buffer.AsSpan(0, Length).Clear();
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }
}
