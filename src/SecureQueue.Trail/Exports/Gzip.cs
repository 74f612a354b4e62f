using System.IO.Compression;

namespace SecureQueue.Trail.Exports;

/// <summary>Gzip for log and digest files, with a bound on what reading one may inflate to (a validator reads untrusted files).</summary>
internal static class Gzip
{
    /// <summary>Far above any file an export writes (<see cref="TrailExporter.RecordsPerFile"/> records), far below a decompression bomb.</summary>
    private const long MaxInflated = 1L << 30;

    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Decompress(byte[] stored)
    {
        using var input = new MemoryStream(stored);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = gzip.Read(buffer)) > 0)
        {
            if (output.Length + read > MaxInflated)
            {
                throw new InvalidDataException($"inflates to more than {MaxInflated} bytes");
            }

            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }
}
