using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SecureQueue.Crypto.Keys;
using SecureQueue.Sqs.MoveTasks;

namespace SecureQueue.Sqs.Tests.MoveTasks;

public sealed class TaskHandlesTests
{
    private const string Source = "arn:aws:sqs:us-east-1:000000000000:orders-dlq";
    private static readonly TaskHandles Handles = new(NewMasterKey());

    [Fact]
    public void Encode_ThenDecode_GivesTheTaskAndSource()
    {
        var handle = new TaskHandle(Guid.NewGuid(), Source);

        Assert.True(Handles.TryDecode(Handles.Encode(handle), out var decoded));
        Assert.Equal(handle, decoded);
    }

    [Fact]
    public void Encode_IsBase64OfJsonWithTaskIdSourceArnAndMac()
    {
        var id = Guid.NewGuid();

        using var json = JsonDocument.Parse(Convert.FromBase64String(Handles.Encode(new TaskHandle(id, Source))));

        Assert.Equal(id.ToString(), json.RootElement.GetProperty("taskId").GetString());
        Assert.Equal(Source, json.RootElement.GetProperty("sourceArn").GetString());
        Assert.Equal(16, json.RootElement.GetProperty("mac").GetBytesFromBase64().Length);
    }

    [Fact]
    public void TryDecode_HandleOfAnotherMasterKey_Refused()
    {
        var other = new TaskHandles(NewMasterKey());

        Assert.False(Handles.TryDecode(other.Encode(new TaskHandle(Guid.NewGuid(), Source)), out _));
    }

    [Fact]
    public void TryDecode_OtherTaskOrSourceUnderTheSameMac_Refused()
    {
        using var json = JsonDocument.Parse(Convert.FromBase64String(Handles.Encode(new TaskHandle(Guid.NewGuid(), Source))));
        var mac = json.RootElement.GetProperty("mac").GetString()!;

        Assert.False(Handles.TryDecode(Forge(Guid.NewGuid().ToString(), Source, mac), out _));
        Assert.False(Handles.TryDecode(Forge(json.RootElement.GetProperty("taskId").GetString()!, Source + "x", mac), out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-handle")]
    [InlineData("e30=")]
    [InlineData("WzEsMiwzXQ==")]
    [InlineData("eyJ0YXNrSWQiOjEsInNvdXJjZUFybiI6MiwibWFjIjozfQ==")]
    public void TryDecode_Malformed_Refused(string text) => Assert.False(Handles.TryDecode(text, out _));

    [Fact]
    public void TryDecode_SqsLayoutWithoutMac_Refused() =>
        Assert.False(Handles.TryDecode(Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new { taskId = Guid.NewGuid().ToString(), sourceArn = Source })), out _));

    [Fact]
    public void TryDecode_LongerThanAnyIssuedHandle_Refused() =>
        Assert.False(Handles.TryDecode(new string('A', TaskHandles.MaxLength + 4), out _));

    [Fact]
    public void MasterKey_HandleKeyDiffersFromReceiptKey()
    {
        var master = NewMasterKey();

        Assert.NotEqual(master.Derive("secq/move-task-handle/v1"), master.Derive("secq/receipt-handle/v1"));
    }

    private static string Forge(string taskId, string sourceArn, string mac) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { taskId, sourceArn, mac })));

    private static MasterKey NewMasterKey() => MasterKey.FromBase64(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "test");
}
