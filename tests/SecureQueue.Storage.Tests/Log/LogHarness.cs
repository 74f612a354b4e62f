using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SecureQueue.Storage.Log;
using SecureQueue.Storage.Queues;
using SecureQueue.Storage.Signals;

namespace SecureQueue.Storage.Tests.Log;

/// <summary>A migrated test database with a running log writer, connected as the gateway's least-privilege role.</summary>
public sealed class LogHarness : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public LogWriter Writer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        DataSource = NpgsqlDataSource.Create(Database.GatewayConnectionString);
        Writer = new LogWriter(DataSource, new QueueSignals(), new QueueDirectory(DataSource, TimeProvider.System), TimeProvider.System, NullLogger<LogWriter>.Instance);
        await Writer.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Writer.StopAsync(CancellationToken.None);
        Writer.Dispose();
        await DataSource.DisposeAsync();
        await Database.DisposeAsync();
    }

    public static AuditEnvelope Envelope(string action = "Test") =>
        new(Guid.NewGuid(), action, "arn:aws:iam::000000000000:user/test", "AKIATEST", "127.0.0.1", "tests", null, "TLSv1.3", null);
}
