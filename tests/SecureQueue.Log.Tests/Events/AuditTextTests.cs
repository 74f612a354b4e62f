using System.Text;
using SecureQueue.Log.Events;

namespace SecureQueue.Log.Tests.Events;

public sealed class AuditTextTests
{
    [Theory]
    [InlineData("List\0Queues", @"List\u0000Queues")]
    [InlineData("a\nb\r\tc", @"a\u000ab\u000d\u0009c")]
    [InlineData("\u001b[31mred", @"\u001b[31mred")]
    [InlineData("a\u0085b\u2028c", @"a\u0085b\u2028c")]
    [InlineData(@"\u0000", @"\\u0000")]
    [InlineData("plain text", "plain text")]
    [InlineData("emoji \U0001F600 ok", "emoji \U0001F600 ok")]
    public void Escape_UnsafeCharacters_AreWrittenAsEscapes(string value, string expected) =>
        Assert.Equal(expected, AuditText.Escape(value, 1024));

    [Fact]
    public void Escape_LoneSurrogate_IsEscapedAndResultIsValidUtf8()
    {
        var escaped = AuditText.Escape("a\ud800b\udc00", 1024);
        Assert.Equal(@"a\ud800b\udc00", escaped);
        Assert.Equal(escaped, new UTF8Encoding(false, true).GetString(new UTF8Encoding(false, true).GetBytes(escaped)));
    }

    [Fact]
    public void Escape_LongText_IsCutWithMark()
    {
        var escaped = AuditText.Escape(new string('x', 10_000), 64);
        Assert.Equal(new string('x', 64) + AuditText.Cut, escaped);
    }

    [Fact]
    public void Escape_CutInsideSurrogatePair_NeverLeavesHalfAPair()
    {
        var escaped = AuditText.Escape(new string('x', 63) + "\U0001F600\U0001F600", 64);
        Assert.Equal(new string('x', 63) + AuditText.Cut, escaped);
    }

    [Fact]
    public void Escape_ManyNuls_StaysWithinMaximum()
    {
        var escaped = AuditText.Escape(new string('\0', 4 * 1024 * 1024), 1024);
        Assert.Equal(1025, escaped.Length);
    }

    [Fact]
    public void ForDisplay_StoredEscapes_ReadTheSame_RawControlCharactersAreEscaped()
    {
        Assert.Equal(@"a\u0000b", AuditText.ForDisplay(@"a\u0000b"));
        Assert.Equal(@"evil\u000a\u001b[2J", AuditText.ForDisplay("evil\n\u001b[2J"));
    }

    [Fact]
    public void Envelope_Fields_AreEscapedAndCappedEvenThroughWith()
    {
        var envelope = new AuditEnvelope(Guid.NewGuid(), "A\0", null, new string('k', 4096), "127.0.0.1", "ua\n", null, null, null);
        envelope = envelope with { ResourceArn = new string('r', 3 * 1024 * 1024) };
        Assert.Equal(@"A\u0000", envelope.Action);
        Assert.Equal(AuditEnvelope.MaxAccessKeyId + 1, envelope.AccessKeyId!.Length);
        Assert.Equal(@"ua\u000a", envelope.UserAgent);
        Assert.Equal(AuditEnvelope.MaxArn + 1, envelope.ResourceArn!.Length);
    }
}
