using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SecureQueue.Crypto.Keys;

namespace SecureQueue.Sqs.MoveTasks;

/// <summary>What a TaskHandle names.</summary>
internal sealed record TaskHandle(Guid TaskId, string SourceArn);

/// <summary>
/// Opaque TaskHandles: base64 of <c>{"taskId","sourceArn","mac"}</c> (the layout clients have seen from SQS, plus a MAC),
/// the MAC a truncated HMAC-SHA256 over task id and source ARN under a key derived from the master key for this purpose
/// only. A forged or altered handle is refused before anything is looked up, so a handle cannot probe for tasks.
/// </summary>
internal sealed class TaskHandles(MasterKey masterKey)
{
    /// <summary>Longer text is not a handle this gateway issued (an ARN is at most 1,024 characters).</summary>
    public const int MaxLength = 2048;

    private const int MacSize = 16;
    private readonly byte[] key = masterKey.Derive("secq/move-task-handle/v1");

    public string Encode(TaskHandle handle)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["taskId"] = handle.TaskId.ToString(),
            ["sourceArn"] = handle.SourceArn,
            ["mac"] = Convert.ToBase64String(Mac(handle)),
        });
        return Convert.ToBase64String(json);
    }

    public bool TryDecode(string text, out TaskHandle handle)
    {
        handle = null!;
        if (text.Length is 0 or > MaxLength)
        {
            return false;
        }

        var bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, bytes, out var written))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes.AsMemory(0, written));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("taskId", out var id) || id.ValueKind != JsonValueKind.String || !Guid.TryParseExact(id.GetString(), "D", out var taskId)
                || !root.TryGetProperty("sourceArn", out var arn) || arn.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("mac", out var mac) || mac.ValueKind != JsonValueKind.String || !mac.TryGetBytesFromBase64(out var given))
            {
                return false;
            }

            var candidate = new TaskHandle(taskId, arn.GetString()!);
            if (!CryptographicOperations.FixedTimeEquals(Mac(candidate), given))
            {
                return false;
            }

            handle = candidate;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // Length-prefixed fields: no two (task, ARN) pairs share an input.
    private byte[] Mac(TaskHandle handle)
    {
        var arn = Encoding.UTF8.GetBytes(handle.SourceArn);
        var input = new byte[16 + 4 + arn.Length];
        handle.TaskId.TryWriteBytes(input, bigEndian: true, out _);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(input.AsSpan(16), arn.Length);
        arn.CopyTo(input, 20);
        return HMACSHA256.HashData(key, input)[..MacSize];
    }
}
