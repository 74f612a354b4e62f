using System.Text;
using SecureQueue.Log.Events;

namespace SecureQueue.Log.Tests.Events;

public sealed class EventHashTests
{
    private static readonly byte[] Previous = new byte[EventHash.Size];

    private static readonly EventRow Row = new(
        Position: 42,
        SeqId: 1042,
        Id: Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
        StreamId: "arn:aws:sqs:us-east-1:000000000000:orders@0123",
        Version: 7,
        Data: Encoding.UTF8.GetBytes("""{"v": 1, "action": "SendMessage"}"""),
        BinaryData: null,
        Type: "call_recorded",
        Timestamp: new DateTimeOffset(2026, 11, 29, 12, 34, 56, TimeSpan.Zero).AddTicks(1_234_560),
        TenantId: "*DEFAULT*",
        DotnetType: "SecureQueue.Log.Events.CallRecorded, SecureQueue.Log",
        CorrelationId: "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
        Headers: Encoding.UTF8.GetBytes("""{"type": "MessageSent"}"""),
        IsArchived: false,
        TxId: 123456789);

    /// <summary>Each field of the row changed on its own: every one must change the link.</summary>
    public static TheoryData<string> Fields => new(FieldNames);

    private static string[] FieldNames =>
    [
        nameof(EventRow.Position), nameof(EventRow.SeqId), nameof(EventRow.Id), nameof(EventRow.StreamId), nameof(EventRow.Version), nameof(EventRow.Data),
        nameof(EventRow.BinaryData), nameof(EventRow.Type), nameof(EventRow.Timestamp), nameof(EventRow.TenantId), nameof(EventRow.DotnetType),
        nameof(EventRow.CorrelationId), nameof(EventRow.Headers), nameof(EventRow.IsArchived), nameof(EventRow.TxId),
    ];

    // Computed independently (Python, from the definition in SecureQueue.Log/Events/README.md), so the code and the document agree.
    [Fact]
    public void Compute_KnownRow_MatchesTheDocumentedEncoding()
    {
        var previous = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        Assert.Equal("6991910723d0cec204b4a690e0efbbecc28c327bdffbce228ae8f4b9e7b073c3", Convert.ToHexStringLower(EventHash.Compute(previous, Row)));
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Compute_AnyFieldChanged_Differs(string field)
    {
        var changed = field switch
        {
            nameof(EventRow.Position) => Row with { Position = 43 },
            nameof(EventRow.SeqId) => Row with { SeqId = 1043 },
            nameof(EventRow.Id) => Row with { Id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950f") },
            nameof(EventRow.StreamId) => Row with { StreamId = Row.StreamId + "x" },
            nameof(EventRow.Version) => Row with { Version = 8 },
            nameof(EventRow.Data) => Row with { Data = Encoding.UTF8.GetBytes("""{"v": 1, "action": "DeleteQueue"}""") },
            nameof(EventRow.BinaryData) => Row with { BinaryData = [0] },
            nameof(EventRow.Type) => Row with { Type = "call_recordeds" },
            nameof(EventRow.Timestamp) => Row with { Timestamp = Row.Timestamp.AddTicks(10) },
            nameof(EventRow.TenantId) => Row with { TenantId = "other" },
            nameof(EventRow.DotnetType) => Row with { DotnetType = Row.DotnetType + "x" },
            nameof(EventRow.CorrelationId) => Row with { CorrelationId = null },
            nameof(EventRow.Headers) => Row with { Headers = Encoding.UTF8.GetBytes("""{"type": "QueueDeleted"}""") },
            nameof(EventRow.IsArchived) => Row with { IsArchived = true },
            nameof(EventRow.TxId) => Row with { TxId = 123456790 },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        Assert.NotEqual(Row, changed);
        Assert.NotEqual(EventHash.Compute(Previous, Row), EventHash.Compute(Previous, changed));
    }

    [Fact]
    public void Fields_CoverEveryFieldOfTheRow() =>
        Assert.Equal(typeof(EventRow).GetProperties().Select(p => p.Name).Order(), FieldNames.Order());

    [Fact]
    public void Compute_PreviousLinkChanged_Differs()
    {
        var other = new byte[EventHash.Size];
        other[^1] = 1;
        Assert.NotEqual(EventHash.Compute(Previous, Row), EventHash.Compute(other, Row));
    }

    [Fact]
    public void Compute_NullAndEmpty_Differ()
    {
        Assert.NotEqual(EventHash.Compute(Previous, Row with { StreamId = null }), EventHash.Compute(Previous, Row with { StreamId = "" }));
        Assert.NotEqual(EventHash.Compute(Previous, Row with { TenantId = null }), EventHash.Compute(Previous, Row with { TenantId = "" }));
        Assert.NotEqual(EventHash.Compute(Previous, Row with { BinaryData = null }), EventHash.Compute(Previous, Row with { BinaryData = [] }));
        Assert.NotEqual(EventHash.Compute(Previous, Row with { Headers = null }), EventHash.Compute(Previous, Row with { Headers = [] }));
        Assert.NotEqual(EventHash.Compute(Previous, Row with { IsArchived = null }), EventHash.Compute(Previous, Row with { IsArchived = false }));
    }

    [Fact]
    public void Compute_TextMovedBetweenFields_Differs()
    {
        Assert.NotEqual(
            EventHash.Compute(Previous, Row with { TenantId = "x", DotnetType = null }),
            EventHash.Compute(Previous, Row with { TenantId = null, DotnetType = "x" }));
        Assert.NotEqual(
            EventHash.Compute(Previous, Row with { CorrelationId = "ab", Headers = null }),
            EventHash.Compute(Previous, Row with { CorrelationId = "a", Headers = Encoding.UTF8.GetBytes("b") }));
    }

    [Fact]
    public void Compute_BytesMovedBetweenDataAndBinaryData_Differs() =>
        Assert.NotEqual(
            EventHash.Compute(Previous, Row with { Data = [1, 2], BinaryData = [] }),
            EventHash.Compute(Previous, Row with { Data = [1], BinaryData = [2] }));

    [Fact]
    public void StoredTime_TruncatesToMicroseconds()
    {
        var time = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.FromHours(1)).AddTicks(1_234_567);
        var stored = EventHash.StoredTime(time);
        Assert.Equal(TimeSpan.Zero, stored.Offset);
        Assert.Equal(time.UtcTicks - 7, stored.UtcTicks);
    }
}
