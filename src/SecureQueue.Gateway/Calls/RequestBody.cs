using Microsoft.AspNetCore.Http;

namespace SecureQueue.Gateway.Calls;

public static class RequestBody
{
    /// <summary>
    /// Reads the raw body (SigV4 hashes these exact bytes); null when it is longer than <paramref name="limit"/>
    /// bytes, which the protocol then refuses in its own words.
    /// </summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength > limit)
        {
            return TooLarge(request);
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return TooLarge(request);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own body limit (set to the same number) stops a chunked body that announced no length.
            return TooLarge(request);
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
