namespace SecureQueue.Proxy.Calls;

/// <summary>
/// A request body YARP reads straight from the client: counted for the audit record, and cut off with
/// <see cref="RequestBodyTooLargeException"/> as soon as it passes the route's limit (Kestrel's own limit does the same
/// where it can be set, but not on a connection whose limit is already fixed).
/// </summary>
internal sealed class StreamedRequestBody(Stream inner, long limit) : Stream
{
    public long BytesRead { get; private set; }

    public bool OverLimit { get; private set; }

    /// <summary>
    /// True when what YARP reports (wrapped by HttpClient and YARP, sometimes in an AggregateException) is this body passing its
    /// limit: ours, or Kestrel's own 413 at the same limit, whichever read first.
    /// </summary>
    public static bool IsTooLarge(Exception? exception) => exception switch
    {
        null => false,
        RequestBodyTooLargeException or Microsoft.AspNetCore.Http.BadHttpRequestException { StatusCode: 413 } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsTooLarge),
        _ => IsTooLarge(exception.InnerException),
    };

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        BytesRead += read;
        if (BytesRead > limit)
        {
            OverLimit = true;
            throw new RequestBodyTooLargeException();
        }

        return read;
    }
}

/// <summary>A streamed body passed its route's limit; the request is answered 413 (or cut off, if the upstream already answered).</summary>
internal sealed class RequestBodyTooLargeException() : IOException("The request body is larger than the route accepts.");
