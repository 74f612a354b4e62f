using Microsoft.AspNetCore.Http;
using SecureQueue.Gateway.Calls;

namespace SecureQueue.Gateway.Tests.Calls;

/// <summary>
/// The body is read before the caller is known, so what a client merely announces must not decide how much memory it
/// holds; what it sends comes back byte for byte.
/// </summary>
public sealed class RequestBodyTests
{
    private const int Announced = 4 * 1024 * 1024;

    [Fact]
    public async Task ReadAsync_MegabytesAnnouncedOneByteSent_HoldsNoMoreThanAChunk()
    {
        using var aborted = new CancellationTokenSource();
        var body = new TricklingStream([new byte[1]]);
        var request = Request(body, Announced, aborted.Token);

        var reading = RequestBody.ReadAsync(request, Announced);
        await body.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.InRange(body.LargestBufferOffered, 1, 16 * 1024);
        await aborted.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1024, 1024)]
    [InlineData(16 * 1024, 1000)]
    [InlineData(16 * 1024 + 1, 7)]
    [InlineData(Announced, 64 * 1024)]
    [InlineData(300_001, 4096)]
    public async Task ReadAsync_BodyInPieces_ComesBackWhole(int length, int piece)
    {
        var sent = new byte[length];
        Random.Shared.NextBytes(sent);
        var pieces = sent.Chunk(piece).ToArray();

        var read = await RequestBody.ReadAsync(Request(new TricklingStream(pieces, endAfter: true), length, CancellationToken.None), Announced);

        Assert.Equal(sent, read!.Value.ToArray());
    }

    [Fact]
    public async Task ReadAsync_BodyEndsBeforeItsLength_ReturnsWhatCame()
    {
        var read = await RequestBody.ReadAsync(Request(new TricklingStream([[1, 2, 3]], endAfter: true), 100_000, CancellationToken.None), Announced);

        Assert.Equal(new byte[] { 1, 2, 3 }, read!.Value.ToArray());
    }

    private static HttpRequest Request(Stream body, long length, CancellationToken aborted)
    {
        var http = new DefaultHttpContext { RequestAborted = aborted };
        http.Request.Method = "POST";
        http.Request.ContentLength = length;
        http.Request.Body = body;
        return http.Request;
    }

    /// <summary>Hands out the given pieces one read at a time, then ends or waits until the read is cancelled.</summary>
    private sealed class TricklingStream(byte[][] pieces, bool endAfter = false) : Stream
    {
        private int next;

        public int LargestBufferOffered { get; private set; }

        /// <summary>Completed when every piece was handed out and a further read waits.</summary>
        public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            LargestBufferOffered = Math.Max(LargestBufferOffered, buffer.Length);
            if (next < pieces.Length)
            {
                var piece = pieces[next];
                var count = Math.Min(piece.Length, buffer.Length);
                piece.AsSpan(0, count).CopyTo(buffer.Span);
                pieces[next] = piece[count..];
                if (pieces[next].Length == 0)
                {
                    next++;
                }

                return count;
            }

            if (endAfter)
            {
                return 0;
            }

            Waiting.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
