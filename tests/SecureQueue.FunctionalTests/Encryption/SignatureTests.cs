using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using SecureQueue.Cli.Commands;
using SecureQueue.Crypto.Signatures;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.Sqs.Protocol;
using static SecureQueue.FunctionalTests.Encryption.EncryptionClient;

namespace SecureQueue.FunctionalTests.Encryption;

/// <summary>Delivered messages carry a signature a consumer verifies with the key from <c>secq keys signing-key</c>, in C# and in Python.</summary>
public sealed class SignatureTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private readonly SignedClient client = fixture.Client();

    [Fact]
    public async Task ReceiveSecqPrefix_SignatureVerifiesWithExportedKey_AndOnlyWhenAsked()
    {
        // Visibility 0: every receive leaves the message visible for the next one.
        var (name, url) = await CreateQueueAsync(client, "sig", visibilityTimeout: 0);
        var id = await SendAsync(client, url, "signed body", new Dictionary<string, string> { ["order"] = "42" });
        foreach (var unasked in new[] { """["order"]""", """["All"]""", """[".*"]""" })
        {
            var plain = Assert.Single((await ReceiveAsync(client, url, attributeNames: unasked, visibilityTimeout: 0)).Messages);
            Assert.Equal(["order"], plain.GetProperty("MessageAttributes").EnumerateObject().Select(p => p.Name));
        }

        var message = Assert.Single((await ReceiveAsync(client, url, attributeNames: """["All","secq.*"]""", visibilityTimeout: 0)).Messages);
        var attributes = message.GetProperty("MessageAttributes");
        var (keyId, key) = await SigningKeyAsync(name);
        Assert.Equal(keyId, attributes.GetProperty("secq.signature.key-id").GetProperty("StringValue").GetString());
        Assert.Equal(TestIdentity.Admin.Arn, attributes.GetProperty("secq.sender").GetProperty("StringValue").GetString());

        // What a C# consumer does with the exported key: recompute HMAC-SHA256 over the canonical message.
        var canonical = MessageSignature.Canonicalize(
            $"arn:aws:sqs:us-east-1:000000000000:{name}", id, TestIdentity.Admin.Arn,
            long.Parse(message.GetProperty("Attributes").GetProperty("SentTimestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            "signed body", new Dictionary<string, (string, string?, byte[]?)> { ["order"] = ("String", "42", null) });
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, canonical));
        Assert.Equal(expected, attributes.GetProperty("secq.signature").GetProperty("StringValue").GetString());

        Assert.Equal(0, await PythonVerifyAsync(url, key, tamper: false));
        Assert.Equal(3, await PythonVerifyAsync(url, key, tamper: true));
    }

    [Fact]
    public async Task ReceiveAll_TenAttributes_ExactlySendersAndMd5EqualsSend()
    {
        var (_, url) = await CreateQueueAsync(client, "sigall", visibilityTimeout: 0);
        var sent = Enumerable.Range(0, 10).ToDictionary(i => $"attribute{i}", i => new { DataType = "String", StringValue = $"value {i}" });
        using var response = await client.JsonAsync(
            "SendMessage", JsonSerializer.Serialize(new { QueueUrl = url, MessageBody = "ten", MessageAttributes = sent }), TestIdentity.Admin);
        response.EnsureSuccessStatusCode();
        var sendMd5 = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("MD5OfMessageAttributes").GetString();

        foreach (var all in new[] { """["All"]""", """[".*"]""" })
        {
            var message = Assert.Single((await ReceiveAsync(client, url, attributeNames: all, visibilityTimeout: 0)).Messages);
            Assert.Equal(sent.Keys.Order(StringComparer.Ordinal), message.GetProperty("MessageAttributes").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Equal(sendMd5, message.GetProperty("MD5OfMessageAttributes").GetString());
        }
    }

    [Fact]
    public async Task ReceiveSignatureNames_OnlyThoseAskedFor_Md5CoversWhatIsReturned()
    {
        var (_, url) = await CreateQueueAsync(client, "signames", visibilityTimeout: 0);
        await SendAsync(client, url, "b", new Dictionary<string, string> { ["order"] = "42" });
        string[] signatureNames = ["secq.sender", "secq.signature", "secq.signature.key-id"];
        var cases = new (string Asked, string[] Expected)[]
        {
            ("""["All","secq.*"]""", ["order", .. signatureNames]),
            ("""["secq.*"]""", signatureNames),
            ("""["secq.signature"]""", ["secq.signature"]),
            ("""["order","secq.sender"]""", ["order", "secq.sender"]),
            ("""["s.*"]""", []),
        };
        foreach (var (asked, expected) in cases)
        {
            var message = Assert.Single((await ReceiveAsync(client, url, attributeNames: asked, visibilityTimeout: 0)).Messages);
            if (expected.Length == 0)
            {
                Assert.False(message.TryGetProperty("MessageAttributes", out _), asked);
                continue;
            }

            var returned = message.GetProperty("MessageAttributes").EnumerateObject().ToDictionary(
                p => p.Name, p => new MessageAttributeValue(p.Value.GetProperty("DataType").GetString()!, p.Value.GetProperty("StringValue").GetString(), null));
            Assert.Equal(expected, returned.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(Md5Digests.OfAttributes(returned), message.GetProperty("MD5OfMessageAttributes").GetString());
        }
    }

    private async Task<(string KeyId, byte[] Key)> SigningKeyAsync(string queue)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await KeysCommand.RunAsync(["signing-key", "--queue", queue, "--master-key-file", fixture.Files.MasterKeyFile], output, error));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (lines[0]["key-id:".Length..].Trim(), Convert.FromBase64String(lines[1]["key:".Length..].Trim()));
    }

    private async Task<int> PythonVerifyAsync(string url, byte[] key, bool tamper)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(ClientProcess.ClientsDirectory, "python", "verify_signature.py"));
        start.ArgumentList.Add(url);
        if (tamper)
        {
            start.ArgumentList.Add("--tamper");
        }

        start.Environment["SECQ_ENDPOINT"] = fixture.Gateway.Endpoint.ToString().TrimEnd('/');
        start.Environment["SECQ_SIGNING_KEY"] = Convert.ToBase64String(key);
        start.Environment["AWS_ACCESS_KEY_ID"] = TestIdentity.Admin.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = TestIdentity.Admin.SecretAccessKey;
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_CA_BUNDLE"] = fixture.Files.CaFile;
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode is 0 or 3, output + error);
        return process.ExitCode;
    }

    public void Dispose() => client.Dispose();
}
