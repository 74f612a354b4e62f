using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SecureQueue.Log.Audit;
using SecureQueue.Log.Events;
using SecureQueue.Log.Queues;
using SecureQueue.Log.Signals;

namespace SecureQueue.Log.Tests.Events;

/// <summary>
/// A migrated test database with a running log writer, connected as the gateway's least-privilege role. Its sealer is
/// not started: tests seal when they choose (<see cref="SealAsync"/>), so what is sealed when is theirs to say.
/// </summary>
public sealed class LogHarness : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public DocumentStore Store { get; private set; } = null!;

    public LogSealer Sealer { get; private set; } = null!;

    public LogWriter Writer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        DataSource = LogServices.DataSource(Database.GatewayConnectionString);
        Store = EventStore.Create(DataSource);
        Sealer = new LogSealer(DataSource, NullLogger<LogSealer>.Instance);
        Writer = await StartWriterAsync(DataSource);
    }

    /// <summary>A started log writer on <paramref name="dataSource"/>, sharing this harness's store and sealer; the caller stops it.</summary>
    public async Task<LogWriter> StartWriterAsync(NpgsqlDataSource dataSource, TimeProvider? time = null)
    {
        var writer = new LogWriter(
            dataSource, Store, Sealer, new QueueSignals(), new QueueDirectory(dataSource, TimeProvider.System), time ?? TimeProvider.System, NullLogger<LogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        return writer;
    }

    /// <summary>
    /// Seals every committed event. A transaction running anywhere on the cluster (another test's) holds sealing back
    /// until it ends, so this waits for that, up to 10 s.
    /// </summary>
    public async Task SealAsync()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            await Sealer.SealAllAsync(CancellationToken.None);
            if (await Database.ScalarAsync<long>("select count(*) from mt_events e where not exists (select from seals s where s.seq_id = e.seq_id)") == 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("events were left unsealed for 10 s");
    }

    /// <summary>A long poll's probe of the queue now, on the gateway's role.</summary>
    public async Task<QueueProbe> ProbeAsync(long queueId, bool fifo)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await QueueReader.ProbeAsync(connection, queueId, DateTimeOffset.UtcNow, fifo, CancellationToken.None);
    }

    /// <summary>
    /// Makes the log <paramref name="events"/> events longer, as the owner, in a stream of their own and without the
    /// writer: rows PostgreSQL has no statistics of until the table is analyzed (callers turn autovacuum off for it).
    /// </summary>
    public Task GrowLogAsync(int events) => TestDatabase.ExecuteAsync(Database.ConnectionString, $$"""
        insert into mt_streams (id, version, timestamp, tenant_id) values ('grown', {{events}}, now(), '*DEFAULT*');
        insert into mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, is_archived)
        select nextval('mt_events_sequence'), gen_random_uuid(), 'grown', g, '{"time": "2026-11-30T00:00:00.000000Z"}', 'call_recorded',
               '*DEFAULT*', now(), false
        from generate_series(1, {{events}}) g
        """);

    public Task<long> EventCountAsync() => Database.ScalarAsync<long>("select count(*) from mt_events");

    public Task<long> SealCountAsync() => Database.ScalarAsync<long>("select count(*) from seals");

    public async Task DisposeAsync()
    {
        await Writer.StopAsync(CancellationToken.None);
        Writer.Dispose();
        Sealer.Dispose();
        Store.Dispose();
        await DataSource.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>The event type of the tests' own calls (outside the catalogue, which lists what the gateway writes).</summary>
    public static readonly EventType Tested = new("Tested", "A test's call.");

    public static AuditEnvelope Envelope(string action = "Test") =>
        new(Guid.NewGuid(), action, "arn:aws:iam::000000000000:user/test", "AKIATEST", "127.0.0.1", "tests", null, "TLSv1.3", null);
}
