using System.Net;
using System.Security.Cryptography;

namespace SecureQueue.FunctionalTests.Proxy;

/// <summary>
/// A chunked request body of <paramref name="length"/> bytes (a fixed pattern) that sends its first part, then — when
/// <paramref name="waitFor"/> is given — waits until the upstream reports it has received that part before sending the rest.
/// A gateway that read the whole body before forwarding would never let that happen, and the send fails on the timeout.
/// </summary>
public sealed class StreamedContent(long length, Task? waitFor = null) : HttpContent
{
    private const int Chunk = 16 * 1024;

    /// <summary>What is sent before waiting: twice what the upstream needs to signal, so buffering on either hop cannot hide it.</summary>
    private const int FirstPart = UpstreamApp.SignalBytes * 2;

    public static string Sha256Of(long length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[Chunk];
        for (long sent = 0; sent < length; sent += Chunk)
        {
            var count = (int)Math.Min(Chunk, length - sent);
            Fill(buffer, sent, count);
            hash.AppendData(buffer, 0, count);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var buffer = new byte[Chunk];
        for (long sent = 0; sent < length; sent += Chunk)
        {
            if (sent == FirstPart && waitFor is not null)
            {
                await stream.FlushAsync();
                await waitFor.WaitAsync(TimeSpan.FromSeconds(30));
            }

            var count = (int)Math.Min(Chunk, length - sent);
            Fill(buffer, sent, count);
            await stream.WriteAsync(buffer.AsMemory(0, count));
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    private static void Fill(byte[] buffer, long offset, int count)
    {
        for (var i = 0; i < count; i++)
        {
            buffer[i] = (byte)((offset + i) % 251);
        }
    }
}
