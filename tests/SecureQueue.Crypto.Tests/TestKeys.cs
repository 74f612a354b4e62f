using System.Security.Cryptography;
using System.Text;
using CryptoDataKey = SecureQueue.Crypto.Keys.DataKey;
using CryptoKeyring = SecureQueue.Crypto.Keys.Keyring;

namespace SecureQueue.Crypto.Tests;

/// <summary>Keyrings, data keys and a scratch directory for the tests.</summary>
internal static class TestKeys
{
    public const string QueueArn = "arn:aws:sqs:us-east-1:000000000000:orders";

    /// <summary>A keyring with versions 1..<paramref name="versions"/>, the last current, each key <c>version</c> repeated.</summary>
    public static CryptoKeyring Keyring(int versions = 1, string name = CryptoKeyring.DefaultName) =>
        CryptoKeyring.FromJson(Json(versions, versions), "test", name);

    public static string Json(int versions, int current)
    {
        var keys = Enumerable.Range(1, versions).Select(v =>
            $$"""{"version": {{v}}, "key": "{{Convert.ToBase64String(Enumerable.Repeat((byte)v, 32).ToArray())}}", "created": "2025-0{{v % 9 + 1}}-01T00:00:00Z"}""");
        return $$"""{"current": {{current}}, "keys": [{{string.Join(", ", keys)}}]}""";
    }

    public static CryptoDataKey DataKey(Guid keyId, byte fill) => CryptoDataKey.FromBytes(keyId, Enumerable.Repeat(fill, 32).ToArray());

    public static byte[] Random(int length) => RandomNumberGenerator.GetBytes(length);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}

internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "secq-crypto-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
