using System.Text.Json;
using SecureQueue.Log.Audit;
using SecureQueue.Trail.Exports.Ocsf;
using SecureQueue.Trail.Records;

namespace SecureQueue.Trail.Exports;

/// <summary>
/// One log file being filled: CloudTrail's <c>{"Records":[…]}</c> or OCSF's one event a line, records in position order.
/// </summary>
internal sealed class LogFileBuilder(ExportFormat format, TrailSettings settings) : IDisposable
{
    private readonly MemoryStream content = new();

    public int Count { get; private set; }

    public long FirstPosition { get; private set; }

    public long LastPosition { get; private set; }

    public DateTimeOffset Oldest { get; private set; } = DateTimeOffset.MaxValue;

    public DateTimeOffset Newest { get; private set; } = DateTimeOffset.MinValue;

    public void Add(SealedRow row)
    {
        var stored = new StoredEvent(row.Id, row.SeqId, row.Position, row.Data);
        if (Count == 0)
        {
            FirstPosition = row.Position;
            if (format == ExportFormat.CloudTrail)
            {
                content.Write("""{"Records":["""u8);
            }
        }
        else if (format == ExportFormat.CloudTrail)
        {
            content.Write(","u8);
        }

        using (var json = new Utf8JsonWriter(content))
        {
            if (format == ExportFormat.CloudTrail)
            {
                CloudTrailRecord.Write(json, stored, settings);
            }
            else
            {
                OcsfRecord.Write(json, stored, settings);
            }
        }

        if (format == ExportFormat.Ocsf)
        {
            content.Write("\n"u8);
        }

        Count++;
        LastPosition = row.Position;
        Oldest = row.Time < Oldest ? row.Time : Oldest;
        Newest = row.Time > Newest ? row.Time : Newest;
    }

    /// <summary>The file's bytes as stored: the content gzipped.</summary>
    public byte[] Finish()
    {
        if (format == ExportFormat.CloudTrail)
        {
            content.Write("]}"u8);
        }

        return Gzip.Compress(content.GetBuffer().AsSpan(0, (int)content.Length));
    }

    public void Dispose() => content.Dispose();
}
