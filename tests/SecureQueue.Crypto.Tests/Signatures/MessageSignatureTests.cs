using SecureQueue.Crypto.Keys;
using SecureQueue.Crypto.Signatures;

namespace SecureQueue.Crypto.Tests.Signatures;

using Attributes = Dictionary<string, (string DataType, string? StringValue, byte[]? BinaryValue)>;

public sealed class MessageSignatureTests
{
    // The worked example in src/SecureQueue.Crypto/Signatures/README.md; change both together or neither.
    private const string MessageId = "5fea7756-0ea4-451a-a703-a558b933e274";
    private const string Sender = "arn:aws:iam::000000000000:user/producer";
    private const long SentAt = 1_700_000_000_000;
    private const string Body = "hello, world";
    private const string ExpectedKey = "46bf2c684468e41335bc56d68b233f016631982b006053f2b405415b69561ccf";
    private const string ExpectedCanonical =
        "0000002961726e3a6177733a7371733a75732d656173742d313a3030303030303030303030303a6f7264657273" +
        "0000002435666561373735362d306561342d343531612d613730332d613535386239333365323734" +
        "0000002761726e3a6177733a69616d3a3a3030303030303030303030303a757365722f70726f6475636572" +
        "000000080000018bcfe56800" + "0000000c68656c6c6f2c20776f726c64" + "00000003" +
        "00000004626c6f62" + "0000000642696e617279" + "02" + "00000004000102ff" +
        "00000005636f756e74" + "000000064e756d626572" + "01" + "000000023432" +
        "000000057472616365" + "00000006537472696e67" + "01" + "000000076162632d313233";
    private const string ExpectedSignature = "WAFa03J2qssEwT45IG6HJaSBCaEqdN3L2Bb8JKGlnsM=";

    private static readonly MessageSigningKey Key = MessageSigningKey.Derive(ExampleKek(), TestKeys.QueueArn);

    [Fact]
    public void Derive_ReadmeExample_KnownKeyAndKeyId()
    {
        Assert.Equal(ExpectedKey, Convert.ToHexStringLower(Key.ExportKey()));
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:orders#default/v1", Key.KeyId);
    }

    [Fact]
    public void Canonicalize_ReadmeExample_KnownBytes() =>
        Assert.Equal(ExpectedCanonical, Convert.ToHexStringLower(MessageSignature.Canonicalize(TestKeys.QueueArn, MessageId, Sender, SentAt, Body, Example())));

    [Fact]
    public void Compute_ReadmeExample_KnownSignature()
    {
        Assert.Equal(ExpectedSignature, MessageSignature.Compute(Key, TestKeys.QueueArn, MessageId, Sender, SentAt, Body, Example()));
        Assert.True(MessageSignature.Verify(Key, TestKeys.QueueArn, MessageId, Sender, SentAt, Body, Example(), ExpectedSignature));
    }

    public static TheoryData<string> Fields() => ["messageId", "sender", "sentAt", "body", "attribute value", "attribute name", "attribute type", "binary value", "attribute added", "attribute removed", "string for binary"];

    [Theory]
    [MemberData(nameof(Fields))]
    public void Compute_OneFieldChanged_DifferentSignatureThatDoesNotVerify(string field)
    {
        var (messageId, sender, sentAt, body, attributes) = (MessageId, Sender, SentAt, Body, Example());
        switch (field)
        {
            case "messageId": messageId = "5fea7756-0ea4-451a-a703-a558b933e275"; break;
            case "sender": sender = "arn:aws:iam::000000000000:user/intruder"; break;
            case "sentAt": sentAt++; break;
            case "body": body = "hello, world!"; break;
            case "attribute value": attributes["trace"] = ("String", "abc-124", null); break;
            case "attribute name": attributes["trace2"] = attributes["trace"]; attributes.Remove("trace"); break;
            case "attribute type": attributes["count"] = ("String", "42", null); break;
            case "binary value": attributes["blob"] = ("Binary", null, [0, 1, 2, 254]); break;
            case "attribute added": attributes["extra"] = ("String", "", null); break;
            case "attribute removed": attributes.Remove("count"); break;
            default: attributes["blob"] = ("String", "\0\u0001\u0002", null); break;
        }

        var signature = MessageSignature.Compute(Key, TestKeys.QueueArn, messageId, sender, sentAt, body, attributes);

        Assert.NotEqual(ExpectedSignature, signature);
        Assert.False(MessageSignature.Verify(Key, TestKeys.QueueArn, messageId, sender, sentAt, body, attributes, ExpectedSignature));
    }

    [Fact]
    public void Verify_OtherQueueOrKeyVersion_False()
    {
        const string otherQueue = "arn:aws:sqs:us-east-1:000000000000:payments";
        var otherQueueKey = MessageSigningKey.Derive(ExampleKek(), otherQueue);
        var nextVersionKey = MessageSigningKey.Derive(TestKeys.Keyring(2).Current, TestKeys.QueueArn);

        Assert.False(MessageSignature.Verify(Key, otherQueue, MessageId, Sender, SentAt, Body, Example(), ExpectedSignature));
        Assert.False(MessageSignature.Verify(otherQueueKey, otherQueue, MessageId, Sender, SentAt, Body, Example(), ExpectedSignature));
        Assert.False(MessageSignature.Verify(nextVersionKey, TestKeys.QueueArn, MessageId, Sender, SentAt, Body, Example(), ExpectedSignature));
        Assert.NotEqual(Key.ExportKey(), otherQueueKey.ExportKey());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64")]
    [InlineData("WAFa03J2qssEwT45IG6HJaSBCaEqdN3L2Bb8JKGlns==")]
    [InlineData("WAFa03J2qssEwT45IG6HJaSBCaEqdN3L2Bb8JKGlnsMA")]
    public void Verify_MalformedSignature_False(string signature) =>
        Assert.False(MessageSignature.Verify(Key, TestKeys.QueueArn, MessageId, Sender, SentAt, Body, Example(), signature));

    [Fact]
    public void Compute_AttributesInAnotherOrder_SameSignature()
    {
        var reordered = new Attributes { ["trace"] = ("String", "abc-123", null), ["count"] = ("Number", "42", null), ["blob"] = ("Binary", null, [0, 1, 2, 255]) };

        Assert.Equal(ExpectedSignature, MessageSignature.Compute(Key, TestKeys.QueueArn, MessageId, Sender, SentAt, Body, reordered));
    }

    [Fact]
    public void Compute_KeyOfAnotherQueue_Throws() =>
        Assert.Throws<ArgumentException>(() => MessageSignature.Compute(Key, "arn:aws:sqs:us-east-1:000000000000:payments", MessageId, Sender, SentAt, Body, Example()));

    [Fact]
    public void Compute_AttributeWithoutItsValue_Throws() =>
        Assert.Throws<ArgumentException>(() => MessageSignature.Compute(Key, TestKeys.QueueArn, MessageId, Sender, SentAt, Body, new Attributes { ["blob"] = ("Binary", "text", null) }));

    [Fact]
    public void Compute_LargeBody_Verifies()
    {
        var body = new string('x', 1024 * 1024);

        var signature = MessageSignature.Compute(Key, TestKeys.QueueArn, MessageId, Sender, SentAt, body, new Attributes());

        Assert.True(MessageSignature.Verify(Key, TestKeys.QueueArn, MessageId, Sender, SentAt, body, new Attributes(), signature));
    }

    private static Kek ExampleKek() =>
        Keyring.FromJson($$"""{"current": 1, "keys": [{"version": 1, "key": "{{Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray())}}", "created": "2025-01-01T00:00:00Z"}]}""", "example").Current;

    private static Attributes Example() => new()
    {
        ["trace"] = ("String", "abc-123", null),
        ["count"] = ("Number", "42", null),
        ["blob"] = ("Binary", null, [0, 1, 2, 255]),
    };
}
