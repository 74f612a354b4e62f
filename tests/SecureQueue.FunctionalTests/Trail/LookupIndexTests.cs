using System.Text;
using System.Text.Json;
using Npgsql;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.FunctionalTests.Protocol;
using SecureQueue.Log.Audit;
using SecureQueue.Trail.Lookup;
using static SecureQueue.FunctionalTests.Encryption.EncryptionClient;

namespace SecureQueue.FunctionalTests.Trail;

/// <summary>
/// Regression guard for the pairing of <c>AuditSearch.Column</c> and <c>113_event_lookup_time.sql</c>: if either changes alone,
/// the attribute's index no longer matches and a lookup becomes a scan of the whole log. Over a log where one event
/// repeats thousands of times, a lookup for a value only a few events hold must be planned on that attribute's index.
/// </summary>
public sealed class LookupIndexTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private readonly SignedClient client = fixture.Client();

    [Fact]
    public async Task EveryAttribute_ForARareValue_IsPlannedOnItsIndex()
    {
        var (name, _) = await CreateQueueAsync(client, "index");
        using var lookup = await client.CloudTrailAsync("LookupEvents", "{}", TestIdentity.Auditor);
        lookup.EnsureSuccessStatusCode();
        using var listed = await client.JsonAsync("ListQueues", "{}", TestIdentity.Admin);
        var common = WireAssertions.RequestId(listed);
        var eventId = await fixture.Database.ScalarAsync<Guid>($"select id from events where request_id = '{WireAssertions.RequestId(lookup)}'");
        await TestDatabase.ExecuteAsync(fixture.Database.ConnectionString, $"""
            insert into mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, headers, is_archived)
            select nextval('mt_events_sequence'), gen_random_uuid(), stream_id, version + 1000000 + g, data, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, headers, is_archived
            from mt_events, generate_series(1, 20000) g where correlation_id = '{common}';
            insert into event_lookup
            select e.seq_id, l.action, l.read_only, l.user_name, l.resource_service, l.resource_arn, l.event_source, l.access_key_id, l.recorded_at
            from mt_events e join mt_events o on o.correlation_id = e.correlation_id and o.stream_id = e.stream_id and o.version + 1000000 < e.version
            join event_lookup l on l.seq_id = o.seq_id where e.correlation_id = '{common}';
            analyze mt_events;
            analyze event_lookup;
            """);

        var cases = new (string Key, string Value, string Index)[]
        {
            ("EventId", eventId.ToString(), "mt_events_id"),
            ("EventName", "CreateQueue", "event_lookup_action"),
            ("ReadOnly", "false", "event_lookup_read_only"),
            ("Username", "auditor", "event_lookup_user_name"),
            ("ResourceType", "AWS::SQS::Queue", "event_lookup_resource_service"),
            ("ResourceName", $"arn:aws:sqs:us-east-1:000000000000:{name}", "event_lookup_resource_arn"),
            ("EventSource", "cloudtrail.amazonaws.com", "event_lookup_event_source"),
            ("AccessKeyId", TestIdentity.Auditor.AccessKeyId, "event_lookup_access_key_id"),
        };
        foreach (var (key, value, index) in cases)
        {
            var plan = await PlanAsync(TrailClient.Attribute(key, value));
            Assert.True(plan.Contains($"\"Index Name\": \"{index}\"", StringComparison.Ordinal), $"{key}={value} is not planned on {index}:\n{plan}");
        }

        var window = await PlanAsync("""{"StartTime": 1700000000, "EndTime": 1700003600}""");
        Assert.True(window.Contains("\"Index Name\": \"event_lookup_recorded_at\"", StringComparison.Ordinal), $"a time window is not planned on event_lookup_recorded_at:\n{window}");
    }

    public void Dispose() => client.Dispose();

    private async Task<string> PlanAsync(string json)
    {
        var (sql, parameters) = AuditSearch.Explainable(EventLookup.Filter(LookupRequest.Decode(Encoding.UTF8.GetBytes(json)))!, null)!.Value;
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand("explain (format json) " + sql, connection);
        foreach (var parameter in parameters)
        {
            explain.Parameters.Add(parameter.Clone());
        }

        return JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!).RootElement.ToString();
    }
}
