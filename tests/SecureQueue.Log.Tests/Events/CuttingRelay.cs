using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace SecureQueue.Log.Tests.Events;

/// <summary>
/// A TCP relay in front of PostgreSQL that breaks one connection at a chosen point, as a failover does: either before
/// the client's COMMIT reaches the server (the transaction never commits), or after the server answered it but before
/// the client reads the answer (it committed, and the client cannot know). It finds the point in the wire protocol:
/// the Parse message of a statement whose text is exactly <c>commit</c>, and the server's CommandComplete <c>COMMIT</c>.
/// It can also keep the server out of reach after the cut, as a failover that takes long does: every open connection is
/// broken and the next ones are refused.
/// </summary>
internal sealed class CuttingRelay : IAsyncDisposable
{
    private static readonly byte[] CommitParsed = "\0commit\0"u8.ToArray();
    private static readonly byte[] CommitCompleted = [(byte)'C', 0, 0, 0, 11, .. "COMMIT\0"u8];
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint server;
    private readonly CancellationTokenSource stopping = new();
    private readonly TaskCompletionSource cut = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<Socket, bool> open = new();
    private int armed;
    private int refusalsAfterCut;
    private int refusing;

    private CuttingRelay(IPEndPoint server)
    {
        this.server = server;
        listener.Start();
        _ = AcceptAsync();
    }

    public enum Point
    {
        None,
        BeforeCommit,
        AfterCommit,
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Completes once a connection was broken at the armed point.</summary>
    public Task Cut => cut.Task;

    public static CuttingRelay Start(string host, int port) =>
        new(new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port));

    /// <summary>How many connections the relay refused after a cut.</summary>
    public int Refused { get; private set; }

    /// <summary>
    /// Breaks the next connection that reaches <paramref name="point"/>; once. With <paramref name="refuseAfter"/>, the cut
    /// also breaks every other open connection and refuses that many new ones before the server is in reach again.
    /// </summary>
    public void Arm(Point point, int refuseAfter = 0)
    {
        Volatile.Write(ref refusalsAfterCut, refuseAfter);
        Volatile.Write(ref armed, (int)point);
    }

    public ValueTask DisposeAsync()
    {
        stopping.Cancel();
        listener.Stop();
        stopping.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (Volatile.Read(ref refusing) > 0)
            {
                Interlocked.Decrement(ref refusing);
                Refused++;
                client.Close();
                continue;
            }

            var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await upstream.ConnectAsync(server);
            open[client] = true;
            _ = PumpAsync(client, upstream, Point.BeforeCommit, CommitParsed);
            _ = PumpAsync(upstream, client, Point.AfterCommit, CommitCompleted);
        }
    }

    /// <summary>Copies <paramref name="from"/> to <paramref name="to"/>; a chunk holding <paramref name="marker"/> while <paramref name="point"/> is armed is dropped and both sockets closed.</summary>
    private async Task PumpAsync(Socket from, Socket to, Point point, byte[] marker)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, stopping.Token);
                if (read == 0)
                {
                    break;
                }

                if (buffer.AsSpan(0, read).IndexOf(marker) >= 0 && Interlocked.CompareExchange(ref armed, (int)Point.None, (int)point) == (int)point)
                {
                    Volatile.Write(ref refusing, Volatile.Read(ref refusalsAfterCut));
                    from.Close();
                    to.Close();
                    if (Volatile.Read(ref refusing) > 0)
                    {
                        foreach (var socket in open.Keys)
                        {
                            socket.Close();
                        }
                    }

                    cut.TrySetResult();
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stopping.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The other direction closed the connection, or the relay stopped.
        }

        open.TryRemove(from, out _);
        from.Close();
        to.Close();
    }
}
