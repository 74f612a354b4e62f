using System.Text;
using SecureQueue.Storage.Log;

namespace SecureQueue.Storage.Tests.Log;

public sealed class EventHashTests
{
    private static readonly EventRow Row = new(
        42, new DateTimeOffset(2026, 11, 29, 12, 34, 56, TimeSpan.Zero).AddTicks(1_234_560), "MessageSent", "SendMessage",
        Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), "arn:aws:iam::000000000000:user/ünïcode", "", "127.0.0.1", null,
        "arn:aws:sqs:us-east-1:000000000000:orders", null, "Tls13", null, "Allowed", Encoding.UTF8.GetBytes("""{"v":1}"""));

    // Computed independently (Python, from the definition in Storage/Log/README.md), so the code and the document agree.
    [Fact]
    public void Compute_KnownRow_MatchesTheDocumentedEncoding()
    {
        var previous = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        Assert.Equal("638822d2f9bcc0ac8425c7327d2a03c298b381689fac5368adacf6fc4c8970ac", Convert.ToHexStringLower(EventHash.Compute(previous, Row)));
    }

    [Fact]
    public void Compute_NullAndEmptyText_Differ()
    {
        var previous = new byte[EventHash.Size];
        Assert.NotEqual(EventHash.Compute(previous, Row), EventHash.Compute(previous, Row with { AccessKeyId = null }));
        Assert.NotEqual(EventHash.Compute(previous, Row with { UserAgent = "" }), EventHash.Compute(previous, Row));
    }

    [Fact]
    public void Compute_TextMovedBetweenFields_Differs()
    {
        var previous = new byte[EventHash.Size];
        Assert.NotEqual(
            EventHash.Compute(previous, Row with { TlsVersion = "Tls13", TlsCipher = null }),
            EventHash.Compute(previous, Row with { TlsVersion = null, TlsCipher = "Tls13" }));
    }

    [Fact]
    public void StoredTime_TruncatesToMicroseconds()
    {
        var time = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.FromHours(1)).AddTicks(1_234_567);
        var stored = EventHash.StoredTime(time);
        Assert.Equal(TimeSpan.Zero, stored.Offset);
        Assert.Equal(time.UtcTicks - 7, stored.UtcTicks);
    }
}
