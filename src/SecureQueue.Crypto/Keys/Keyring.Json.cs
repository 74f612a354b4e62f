using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SecureQueue.Crypto.Keys;

/// <summary>The keyring file format (see README.md). Errors name the setting and never quote the file.</summary>
public sealed partial class Keyring
{
    public const string FileSetting = "SecureQueue:KeyringFile";
    private static readonly string[] KeyProperties = ["version", "key", "created"];

    /// <summary>Loads a keyring file that only its owner may read.</summary>
    public static Keyring FromFile(string path, string name = DefaultName)
    {
        var bytes = SecretFile.ReadAllBytes(path, FileSetting);
        try
        {
            return Parse(bytes, $"{FileSetting} '{path}'", name);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Loads a keyring held in a setting such as an environment variable.</summary>
    public static Keyring FromJson(string json, string settingName, string name = DefaultName)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        try
        {
            return Parse(bytes, settingName, name);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The keyring in the file format, key material included: for a secret store, never a log.</summary>
    public string ToJson() => Encoding.UTF8.GetString(Serialize().WrittenSpan);

    /// <summary>Replaces <paramref name="path"/> atomically with a 0600 file holding this keyring.</summary>
    public void WriteFile(string path)
    {
        var buffer = Serialize();
        try
        {
            SecretFile.WriteAtomically(path, buffer.WrittenSpan);
        }
        finally
        {
            buffer.Clear();
        }
    }

    private ArrayBufferWriter<byte> Serialize()
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (keys.Count * 128));
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteNumber("current", CurrentVersion);
        writer.WriteStartArray("keys");
        foreach (var kek in keys.Values)
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", kek.Version);
            writer.WriteBase64String("key", kek.Material);
            writer.WriteString("created", kek.Created.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        return buffer;
    }

    private static Keyring Parse(byte[] utf8, string source, string name)
    {
        ValidateName(name);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException error)
        {
            // JsonException's message quotes the offending character; only its position is safe to repeat.
            throw new InvalidOperationException($"{source} is not valid JSON (line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1}).");
        }

        using (document)
        {
            var errors = new List<string>();
            var keys = new SortedDictionary<int, Kek>();
            var root = document.RootElement;
            int? current = null;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add("the top level must be an object with \"current\" and \"keys\"");
            }
            else
            {
                current = ReadVersion(root, "current", "\"current\"", errors);
                if (!root.TryGetProperty("keys", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
                {
                    errors.Add("\"keys\" must be a non-empty array");
                }
                else
                {
                    var index = 0;
                    foreach (var entry in array.EnumerateArray())
                    {
                        ReadKey(entry, $"keys[{index++}]", name, keys, errors);
                    }
                }

                if (root.EnumerateObject().Any(p => p.Name is not ("current" or "keys")))
                {
                    errors.Add("the top level has a property other than \"current\" and \"keys\"");
                }
            }

            if (current is { } version && errors.Count == 0 && !keys.ContainsKey(version))
            {
                errors.Add($"\"current\" is {version}, which is not among the keys");
            }

            return errors.Count == 0
                ? new Keyring(name, current!.Value, keys)
                : throw new InvalidOperationException($"{source} is invalid: {string.Join("; ", errors)}.");
        }
    }

    private static void ReadKey(JsonElement entry, string where, string name, SortedDictionary<int, Kek> keys, List<string> errors)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{where} must be an object with \"version\", \"key\" and \"created\"");
            return;
        }

        var version = ReadVersion(entry, "version", $"{where}.version", errors);
        var label = version is { } v ? $"{where} (version {v})" : where;
        byte[]? material = null;
        if (!entry.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String || !key.TryGetBytesFromBase64(out material))
        {
            errors.Add($"{label}.key must be a base64 string");
        }
        else if (material.Length != Kek.Size)
        {
            errors.Add($"{label}.key must decode to {Kek.Size} bytes, not {material.Length}");
        }

        DateTimeOffset created = default;
        if (!entry.TryGetProperty("created", out var time) || time.ValueKind != JsonValueKind.String || !time.TryGetDateTimeOffset(out created))
        {
            errors.Add($"{label}.created must be an ISO 8601 date and time");
        }

        if (entry.EnumerateObject().Any(p => !KeyProperties.Contains(p.Name)))
        {
            errors.Add($"{label} has a property other than \"version\", \"key\" and \"created\"");
        }

        if (version is { } known && !keys.TryAdd(known, new Kek(name, known, created, material ?? [])))
        {
            errors.Add($"version {known} appears more than once");
        }
    }

    private static int? ReadVersion(JsonElement element, string property, string label, List<string> errors)
    {
        if (element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var version) && version > 0)
        {
            return version;
        }

        errors.Add($"{label} must be a positive integer");
        return null;
    }
}
