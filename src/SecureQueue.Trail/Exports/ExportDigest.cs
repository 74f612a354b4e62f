using System.Buffers;
using System.Globalization;
using System.Text.Json;
using SecureQueue.Log.Audit;

namespace SecureQueue.Trail.Exports;

/// <summary>
/// One digest file: CloudTrail's digest fields (security-anchors §4) for a window [<see cref="Start"/>, <see cref="End"/>]
/// of delivery time, adapted to a signed, positioned log. Paths are relative to the export directory (the S3 key when it
/// is synced to a bucket root), so there are no bucket fields. SecureQueue adds the positions the window's log files
/// cover (<see cref="FirstPosition"/> to <see cref="LastPosition"/>, both included; an empty window has
/// <c>LastPosition = FirstPosition - 1</c>), the seal link at <see cref="LastPosition"/>, and the newest signed
/// checkpoint of the log at or after it, so the export is tied to the chain <c>secq audit verify</c> checks.
/// </summary>
internal sealed record ExportDigest(
    string AccountId,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Path,
    string KeyFingerprint,
    string Format,
    string? PreviousPath,
    string? PreviousHash,
    string? PreviousSignature,
    long FirstPosition,
    long LastPosition,
    string? LastSealHash,
    Checkpoint? Checkpoint,
    IReadOnlyList<DigestLogFile> LogFiles)
{
    public const string HashAlgorithm = "SHA-256";
    public const string SignatureAlgorithm = "Ed25519";
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("awsAccountId", AccountId);
            json.WriteString("digestStartTime", Time(Start));
            json.WriteString("digestEndTime", Time(End));
            json.WriteString("digestS3Object", Path);
            json.WriteString("digestPublicKeyFingerprint", KeyFingerprint);
            json.WriteString("digestSignatureAlgorithm", SignatureAlgorithm);
            json.WriteString("exportFormat", Format);
            OptionalTime(json, "newestEventTime", LogFiles.Count == 0 ? null : LogFiles.Max(f => f.NewestEventTime));
            OptionalTime(json, "oldestEventTime", LogFiles.Count == 0 ? null : LogFiles.Min(f => f.OldestEventTime));
            json.WriteString("previousDigestS3Object", PreviousPath);
            json.WriteString("previousDigestHashValue", PreviousHash);
            json.WriteString("previousDigestHashAlgorithm", PreviousHash is null ? null : HashAlgorithm);
            json.WriteString("previousDigestSignature", PreviousSignature);
            json.WriteNumber("firstPosition", FirstPosition);
            json.WriteNumber("lastPosition", LastPosition);
            json.WriteString("lastSealHash", LastSealHash);
            json.WritePropertyName("checkpoint");
            if (Checkpoint is null)
            {
                json.WriteNullValue();
            }
            else
            {
                json.WriteRawValue(Checkpoint.ToJsonLine());
            }

            json.WriteStartArray("logFiles");
            foreach (var file in LogFiles)
            {
                json.WriteStartObject();
                json.WriteString("s3Object", file.Path);
                json.WriteString("hashValue", file.HashValue);
                json.WriteString("hashAlgorithm", HashAlgorithm);
                json.WriteString("newestEventTime", Time(file.NewestEventTime));
                json.WriteString("oldestEventTime", Time(file.OldestEventTime));
                json.WriteNumber("firstPosition", file.FirstPosition);
                json.WriteNumber("lastPosition", file.LastPosition);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a digest's JSON; anything missing or of the wrong type throws <see cref="InvalidDataException"/> naming it.</summary>
    public static ExportDigest Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            var files = Required(root, "logFiles", JsonValueKind.Array).EnumerateArray().Select(f => new DigestLogFile(
                Text(f, "s3Object")!, Text(f, "hashValue")!, ParseTime(Text(f, "oldestEventTime")!), ParseTime(Text(f, "newestEventTime")!),
                Required(f, "firstPosition", JsonValueKind.Number).GetInt64(), Required(f, "lastPosition", JsonValueKind.Number).GetInt64())).ToList();
            if (Text(root, "digestSignatureAlgorithm") != SignatureAlgorithm)
            {
                throw new InvalidDataException($"invalid format: digestSignatureAlgorithm must be {SignatureAlgorithm}");
            }

            var checkpoint = root.TryGetProperty("checkpoint", out var line) && line.ValueKind == JsonValueKind.Object
                ? Checkpoint.FromJsonLine(line.GetRawText())
                : null;
            return new ExportDigest(
                Text(root, "awsAccountId")!, ParseTime(Text(root, "digestStartTime")!), ParseTime(Text(root, "digestEndTime")!), Text(root, "digestS3Object")!,
                Text(root, "digestPublicKeyFingerprint")!, Text(root, "exportFormat")!, Text(root, "previousDigestS3Object", nullable: true),
                Text(root, "previousDigestHashValue", nullable: true), Text(root, "previousDigestSignature", nullable: true),
                Required(root, "firstPosition", JsonValueKind.Number).GetInt64(), Required(root, "lastPosition", JsonValueKind.Number).GetInt64(),
                Text(root, "lastSealHash", nullable: true), checkpoint, files);
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"invalid format: {exception.Message}", exception);
        }
    }

    private static JsonElement Required(JsonElement element, string name, JsonValueKind kind) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == kind ? value : throw new InvalidDataException($"invalid format: {name} is missing or not a {kind}");

    private static string? Text(JsonElement element, string name, bool nullable = false)
    {
        if (element.TryGetProperty(name, out var value) && (value.ValueKind == JsonValueKind.String || (nullable && value.ValueKind == JsonValueKind.Null)))
        {
            return value.GetString();
        }

        throw new InvalidDataException($"invalid format: {name} is missing or not a string");
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static void OptionalTime(Utf8JsonWriter json, string name, DateTimeOffset? time) => json.WriteString(name, time is { } value ? Time(value) : null);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

/// <summary>One log file a digest names: its path, the SHA-256 of its bytes as stored, its records' times and positions.</summary>
internal sealed record DigestLogFile(
    string Path, string HashValue, DateTimeOffset OldestEventTime, DateTimeOffset NewestEventTime, long FirstPosition, long LastPosition);
