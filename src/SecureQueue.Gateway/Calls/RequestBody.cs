using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SecureQueue.Gateway.Calls;

public static class RequestBody
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>
    /// Reads the raw body (SigV4 hashes these exact bytes); null when it is longer than <paramref name="limit"/>
    /// bytes, which the protocol then refuses in its own words. A request that cannot have a body (a GET) allocates
    /// nothing, and one that announces its length is read into an array that grows to that length as the bytes arrive.
    /// </summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength > limit)
        {
            return TooLarge(request);
        }

        if (request.ContentLength == 0 || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        try
        {
            return request.ContentLength is { } length ? await ReadKnownAsync(request, (int)length) : await ReadChunkedAsync(request, limit);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own body limit (set to the same number) stops a chunked body that announced no length.
            return TooLarge(request);
        }
    }

    // Kestrel ends the body at Content-Length; a body cut short comes back shorter, and its signature then fails. The
    // body is read before anyone knows who sent it, so the buffer grows with the bytes that arrive rather than being
    // sized by the length a client announces: announcing megabytes and sending one byte holds one chunk, not megabytes.
    private static async Task<ReadOnlyMemory<byte>?> ReadKnownAsync(HttpRequest request, int length)
    {
        var body = new byte[Math.Min(length, ChunkSize)];
        var filled = 0;
        while (filled < length)
        {
            if (filled == body.Length)
            {
                Array.Resize(ref body, (int)Math.Min(length, 2L * body.Length));
            }

            var read = await request.Body.ReadAsync(body.AsMemory(filled), request.HttpContext.RequestAborted);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return body.AsMemory(0, filled);
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadChunkedAsync(HttpRequest request, int limit)
    {
        using var buffer = new MemoryStream(4096);
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk.AsMemory(0, ChunkSize), request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return TooLarge(request);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    /// <summary>
    /// The rest of an oversized body is never read, so the connection cannot carry another request: saying so
    /// stops the client from reusing it and failing its next call on a socket the server is about to reset.
    /// </summary>
    private static ReadOnlyMemory<byte>? TooLarge(HttpRequest request)
    {
        request.HttpContext.Response.Headers.Connection = "close";
        return null;
    }
}
