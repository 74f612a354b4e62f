using Microsoft.AspNetCore.Http;
using SecureQueue.Gateway.Sqs.Errors;

namespace SecureQueue.Gateway.Sqs.Protocol;

public static class RequestBody
{
    /// <summary>Reads the raw body (SigV4 hashes these exact bytes), refusing more than <paramref name="limit"/> bytes.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength > limit)
        {
            throw TooLarge(request, limit);
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
                    throw TooLarge(request, limit);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own body limit (set to the same number) stops a chunked body that announced no length.
            throw TooLarge(request, limit);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    /// <summary>
    /// The rest of an oversized body is never read, so the connection cannot carry another request: saying so
    /// stops the client from reusing it and failing its next call on a socket the server is about to reset.
    /// </summary>
    private static SqsException TooLarge(HttpRequest request, int limit)
    {
        request.HttpContext.Response.Headers.Connection = "close";
        return SqsErrors.RequestTooLarge(limit);
    }
}
