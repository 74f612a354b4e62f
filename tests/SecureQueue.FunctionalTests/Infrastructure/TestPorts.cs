using System.Net;
using System.Net.Sockets;

namespace SecureQueue.FunctionalTests.Infrastructure;

/// <summary>
/// Ports for the listeners a test starts in another process (a gateway, a PostgreSQL cluster), which must be named
/// before anything binds them. Asking the kernel for a free port and closing it again (the usual trick) lets anything
/// take that port before the process binds it: the kernel hands it out again to any port-0 listener and to every
/// outgoing connection, and CI runs test projects side by side. So ports come from below the kernel's ephemeral range,
/// which it never hands out, in a block this process holds an exclusive lock on for its lifetime (released by the kernel
/// when the process ends, however it ends), one after another, so no two tests anywhere get the same port.
/// </summary>
public static class TestPorts
{
    private const int Lowest = 10_000;
    private const int BlockSize = 1_000;
    private static readonly Lock Gate = new();
    private static (FileStream Lock, int First)? block;
    private static int handedOut;

    /// <summary>A loopback port nothing listens on, that no other test will be given.</summary>
    public static int Next()
    {
        lock (Gate)
        {
            var (_, first) = block ??= Claim();
            for (var tried = 0; tried < BlockSize; tried++)
            {
                var port = first + (handedOut++ % BlockSize);
                if (IsFree(port))
                {
                    return port;
                }
            }

            throw new InvalidOperationException($"every port from {first} to {first + BlockSize - 1} is taken");
        }
    }

    private static (FileStream, int) Claim()
    {
        var directory = Path.Combine(Path.GetTempPath(), "secq-test-ports");
        Directory.CreateDirectory(directory);
        var blocks = (EphemeralStart() - Lowest) / BlockSize;
        for (var n = 0; n < blocks; n++)
        {
            try
            {
                // FileShare.None takes an exclusive advisory lock (flock) on Linux: no other process opens it while this one lives.
                var held = new FileStream(Path.Combine(directory, $"block-{n}"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return (held, Lowest + (n * BlockSize));
            }
            catch (IOException)
            {
            }
        }

        throw new InvalidOperationException($"all {blocks} test port blocks below the ephemeral range are held by other processes ({directory})");
    }

    private static int EphemeralStart()
    {
        const string Range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(Range) ? int.Parse(File.ReadAllText(Range).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture) : 32_768;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
