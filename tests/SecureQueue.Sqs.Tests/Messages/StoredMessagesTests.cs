using System.Buffers;
using System.Text;
using System.Text.Json;
using SecureQueue.Log.Messages;
using SecureQueue.Sqs.Messages;

namespace SecureQueue.Sqs.Tests.Messages;

public sealed class StoredMessagesTests
{
    private static readonly SealedMessage[] Messages =
    [
        new(Guid.NewGuid(), Guid.NewGuid(), 1, [1, 2, 3]),
        new(Guid.NewGuid(), Guid.NewGuid(), 2, []),
        new(Guid.NewGuid(), Guid.NewGuid(), 3, Enumerable.Range(0, 300).Select(i => (byte)i).ToArray()),
    ];

    private static byte[] Record(Action<Utf8JsonWriter> detail)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("principalArn", "arn:aws:iam::000000000000:user/sender");
            json.WriteStartObject("detail");
            detail(json);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Read_SendEvent_EachMessageGetsItsOwnSliceOfTheAttachment()
    {
        var record = Record(json => StoredMessages.Write(json, 7, "AKIDSENDER", Messages));
        var attachment = StoredMessages.Attachment(Messages);

        Assert.Equal(303, attachment.Length);
        for (var i = 0; i < Messages.Length; i++)
        {
            var entry = StoredMessages.Read(record, attachment, i);
            Assert.Equal(Messages[i].Envelope, entry.Message.Envelope);
            Assert.Equal((Messages[i].MessageId, Messages[i].KeyId, Messages[i].KekVersion), (entry.Message.MessageId, entry.Message.KeyId, entry.Message.KekVersion));
            Assert.Equal(("AKIDSENDER", "arn:aws:iam::000000000000:user/sender", (string?)null), (entry.SenderId, entry.SenderArn, entry.SourceArn));
        }
    }

    [Fact]
    public void Read_MoveEvent_KeepsEachMessagesSenderAndSource()
    {
        var entries = Messages.Select((m, i) => new StoredEntry(m, $"sender-{i}", $"arn:sender-{i}", "arn:aws:sqs:us-east-1:000000000000:source")).ToList();
        var record = Record(json => StoredMessages.WriteMoved(json, entries));
        var attachment = StoredMessages.Attachment(Messages);

        var entry = StoredMessages.Read(record, attachment, 2);

        Assert.Equal(entries[2], entry with { Message = entries[2].Message });
        Assert.Equal(Messages[2].Envelope, entry.Message.Envelope);
    }

    [Fact]
    public void Read_RecordHoldsNoSealedBytes()
    {
        var record = Encoding.UTF8.GetString(Record(json => StoredMessages.Write(json, 7, "AKIDSENDER", Messages)));

        Assert.DoesNotContain(Convert.ToBase64String(Messages[2].Envelope), record);
        Assert.Contains("\"sealed\":{\"offset\":3,\"length\":300}", record);
    }

    [Fact]
    public void Read_Format2Event_ReadsTheBase64InTheRecord()
    {
        var message = Messages[0];
        var record = Encoding.UTF8.GetBytes($$$"""
            {"detail":{"queueId":1,"senderId":"AKID","messages":[{"id":"{{{message.MessageId}}}","keyId":"{{{message.KeyId}}}","kekVersion":1,"sealed":"AQID"}]}}
            """);

        Assert.Equal([1, 2, 3], StoredMessages.Read(record, null, 0).Message.Envelope);
    }

    [Theory]
    [InlineData(300, 10)]
    [InlineData(-1, 2)]
    [InlineData(0, -1)]
    [InlineData(0, 5000)]
    public void Read_SliceOutsideTheAttachment_NoBytes(int offset, int length)
    {
        var message = Messages[0];
        var record = Encoding.UTF8.GetBytes($$$"""
            {"detail":{"queueId":1,"senderId":"AKID","messages":[{"id":"{{{message.MessageId}}}","keyId":"{{{message.KeyId}}}","kekVersion":1,"sealed":{"offset":{{{offset}}},"length":{{{length}}}}}]}}
            """);

        Assert.Empty(StoredMessages.Read(record, StoredMessages.Attachment(Messages), 0).Message.Envelope);
        Assert.Empty(StoredMessages.Read(record, null, 0).Message.Envelope);
    }

    [Fact]
    public void ReadClaimed_MessagesOfTwoEventsInterleaved_KeepsClaimOrderAndSkipsThoseWithoutTheirEvent()
    {
        var first = Record(json => StoredMessages.Write(json, 7, "AKIDFIRST", Messages));
        var second = Record(json => StoredMessages.Write(json, 7, "AKIDSECOND", Messages));
        var events = new Dictionary<long, SendEvent>
        {
            [10] = new(first, StoredMessages.Attachment(Messages)),
            [20] = new(second, StoredMessages.Attachment(Messages)),
        };
        ClaimedMessage Claim(long position, short index) =>
            new(new MessageKey(position, index), Messages[index].MessageId, 1, 99, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        List<ClaimedMessage> claims = [Claim(20, 2), Claim(10, 0), Claim(30, 0), Claim(20, 0), Claim(10, 2)];

        var read = StoredMessages.ReadClaimed(new ClaimedBatch(claims, events));

        Assert.Equal([claims[0], claims[1], claims[3], claims[4]], read.Select(r => r.Claim));
        Assert.Equal(["AKIDSECOND", "AKIDFIRST", "AKIDSECOND", "AKIDFIRST"], read.Select(r => r.Entry.SenderId));
        Assert.All(read, r => Assert.Equal(Messages[r.Claim.Key.Index].Envelope, r.Entry.Message.Envelope));
    }

    [Fact]
    public void Read_RecordWithNullPrincipal_HasNoSenderArn()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNull("principalArn");
            json.WriteStartObject("detail");
            StoredMessages.Write(json, 7, "AKIDSENDER", Messages);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        var entry = StoredMessages.Read(buffer.WrittenSpan.ToArray(), StoredMessages.Attachment(Messages), 0);

        Assert.Equal(string.Empty, entry.SenderArn);
    }
}
