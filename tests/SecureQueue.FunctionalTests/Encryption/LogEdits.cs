using System.Text.Json.Nodes;
using Npgsql;

namespace SecureQueue.FunctionalTests.Encryption;

/// <summary>Reads and (as a database attacker would) rewrites message envelopes in the log.</summary>
internal static class LogEdits
{
    public static async Task<byte[]> SealedAsync(TestDatabase database, string messageId)
    {
        var (data, index) = await SendEventAsync(database, messageId);
        return Convert.FromBase64String(JsonNode.Parse(data)!["detail"]!["messages"]![index]!["sealed"]!.GetValue<string>());
    }

    /// <summary>Replaces one message's envelope in its send event, with the append-only trigger switched off for the edit.</summary>
    public static async Task EditSealedAsync(TestDatabase database, string messageId, Func<byte[], byte[]> edit)
    {
        var eventId = await database.ScalarAsync<Guid>($"select event_id from queue_messages where message_id = '{messageId}'");
        var (data, index) = await SendEventAsync(database, messageId);
        var document = JsonNode.Parse(data)!;
        var message = document["detail"]!["messages"]![index]!;
        message["sealed"] = Convert.ToBase64String(edit(Convert.FromBase64String(message["sealed"]!.GetValue<string>())));
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "alter table mt_events disable trigger user");
        await using (var update = new NpgsqlCommand("update mt_events set data = $1::jsonb where id = $2", connection))
        {
            update.Parameters.AddWithValue(document.ToJsonString());
            update.Parameters.AddWithValue(eventId);
            await update.ExecuteNonQueryAsync();
        }

        await ExecuteAsync(connection, "alter table mt_events enable trigger user");
    }

    public static async Task<JsonNode> ReceiveDetailAsync(TestDatabase database, Guid requestId) =>
        JsonNode.Parse(await database.ScalarAsync<string>($"select data::text from events where request_id = '{requestId}'"))!["detail"]!;

    private static async Task<(string Data, int Index)> SendEventAsync(TestDatabase database, string messageId)
    {
        var row = Assert.Single(await database.RowsAsync(
            $"select e.data::text, m.idx from queue_messages m join mt_events e on e.id = m.event_id where m.message_id = '{messageId}'"));
        return ((string)row[0]!, (short)row[1]!);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
