using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecureQueue.Trail.Exports;

/// <summary>
/// Where an export stands, kept in its directory (<c>secq-export-&lt;format&gt;.state.json</c>) so a re-run continues
/// exactly where the last ended: the last exported position and seal link, and the newest digest (path, hash,
/// signature, end of window) the next digest chains to. <see cref="Pending"/> names the files a run is writing before it
/// writes them; a run that finds it set deletes those files (no digest names them) and exports their records again, so
/// no record is ever in two log files. The state is a convenience, not a trust anchor: validate-export trusts only
/// signatures, and compares the state with the digests to notice newest digests that were removed. Before a first run
/// has written its first digest, the state only holds <see cref="Pending"/>.
/// </summary>
public sealed record ExportState(
    int V,
    string Format,
    string AccountId,
    string Region,
    string KeyFingerprint,
    long LastPosition,
    string? LastSealHash,
    string? LastDigest,
    string? LastDigestHash,
    string? LastDigestSignature,
    DateTimeOffset? DigestEndTime,
    IReadOnlyList<string>? Pending)
{
    public static string FileName(ExportFormat format) => $"secq-export-{format.Name}.state.json";

    public static string LockFileName(ExportFormat format) => $"secq-export-{format.Name}.lock";

    public static ExportState? Read(string directory, ExportFormat format)
    {
        var path = Path.Combine(directory, FileName(format));
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var state = JsonSerializer.Deserialize(File.ReadAllBytes(path), ExportJson.Default.ExportState);
            return state is { V: 1 } && state.Format == format.Name
                ? state
                : throw new InvalidDataException($"'{path}' is not a version 1 {format.Name} export state");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"'{path}' is not an export state: {exception.Message}", exception);
        }
    }

    /// <summary>Replaces the state file atomically (a new file renamed over the old), flushed to disk first.</summary>
    public void Write(string directory)
    {
        var path = Path.Combine(directory, FileName(ExportFormat.Parse(Format)!));
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(JsonSerializer.SerializeToUtf8Bytes(this, ExportJson.Default.ExportState));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ExportState))]
internal sealed partial class ExportJson : JsonSerializerContext;
