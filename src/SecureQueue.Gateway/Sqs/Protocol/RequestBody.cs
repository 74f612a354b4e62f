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
            throw SqsErrors.RequestTooLarge(limit);
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
                    throw SqsErrors.RequestTooLarge(limit);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own body limit (set to the same number) stops a chunked body that announced no length.
            throw SqsErrors.RequestTooLarge(limit);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
