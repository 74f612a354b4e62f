using System.Text.Json.Nodes;
using Npgsql;

namespace SecureQueue.FunctionalTests.Encryption;

/// <summary>Reads and (as a database attacker would) rewrites message envelopes in the log.</summary>
internal static class LogEdits
{
    public static async Task<byte[]> SealedAsync(TestDatabase database, string messageId)
    {
        var (send, index) = await SendEventAsync(database, messageId);
        return send.Envelopes()[index];
    }

    /// <summary>Replaces one message's envelope in its send event's attachment, with the append-only trigger switched off for the edit.</summary>
    public static async Task EditSealedAsync(TestDatabase database, string messageId, Func<byte[], byte[]> edit)
    {
        var eventId = await database.ScalarAsync<Guid>($"select event_id from queue_messages where message_id = '{messageId}'");
        var (send, index) = await SendEventAsync(database, messageId);
        var envelopes = send.Envelopes();
        envelopes[index] = edit(envelopes[index]);
        var messages = send.Messages;
        var offset = 0;
        for (var i = 0; i < envelopes.Count; i++)
        {
            messages[i]!["sealed"] = new JsonObject { ["offset"] = offset, ["length"] = envelopes[i].Length };
            offset += envelopes[i].Length;
        }

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "alter table mt_events disable trigger user");
        await using (var update = new NpgsqlCommand("update mt_events set data = $1::jsonb, bdata = $2 where id = $3", connection))
        {
            update.Parameters.AddWithValue(send.Record.ToJsonString());
            update.Parameters.AddWithValue(envelopes.SelectMany(e => e).ToArray());
            update.Parameters.AddWithValue(eventId);
            await update.ExecuteNonQueryAsync();
        }

        await ExecuteAsync(connection, "alter table mt_events enable trigger user");
    }

    public static async Task<JsonNode> ReceiveDetailAsync(TestDatabase database, Guid requestId) =>
        JsonNode.Parse(await database.ScalarAsync<string>($"select data::text from events where request_id = '{requestId}'"))!["detail"]!;

    private static async Task<(SendEvent Send, int Index)> SendEventAsync(TestDatabase database, string messageId)
    {
        var row = Assert.Single(await database.RowsAsync(
            $"select e.data::text, e.bdata, m.idx from queue_messages m join mt_events e on e.id = m.event_id where m.message_id = '{messageId}'"));
        return (new SendEvent(JsonNode.Parse((string)row[0]!)!, (byte[])row[1]!), (short)row[2]!);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A send event's record and attachment; each message's envelope is the slice its record names.</summary>
    private sealed record SendEvent(JsonNode Record, byte[] Attachment)
    {
        public JsonArray Messages => Record["detail"]!["messages"]!.AsArray();

        public List<byte[]> Envelopes() => Messages.Select(m => Attachment.AsSpan(
            m!["sealed"]!["offset"]!.GetValue<int>(), m["sealed"]!["length"]!.GetValue<int>()).ToArray()).ToList();
    }
}
