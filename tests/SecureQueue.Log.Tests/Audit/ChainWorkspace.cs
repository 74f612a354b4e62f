using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SecureQueue.Crypto.Signatures;
using SecureQueue.Log.Audit;
using SecureQueue.Log.Events;
using SecureQueue.Log.Tests.Events;

namespace SecureQueue.Log.Tests.Audit;

/// <summary>
/// A log of its own for one test: 25 sealed events with checkpoints at 10 and 20 (in the database and the file), and
/// the means to tamper with it as an attacker with owner rights would: triggers disabled, rows rewritten.
/// </summary>
public sealed class ChainWorkspace : IAsyncLifetime
{
    public const long Events = 25;

    /// <summary>The tables an attacker rewrites: their append-only triggers are off while <see cref="TamperAsync"/> runs.</summary>
    private static readonly string[] Tables = ["mt_events", "mt_streams", "seals", "checkpoints", "event_lookup"];

    private readonly LogHarness harness = new();

    public CheckpointSigningKey Key { get; } = CheckpointSigningKey.Generate();

    public string CheckpointFile { get; } = Path.Combine(Path.GetTempPath(), $"secq-checkpoints-{Guid.NewGuid():N}.jsonl");

    public TestDatabase Database => harness.Database;

    public LogHarness Log => harness;

    public CheckpointService Checkpoints { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await harness.InitializeAsync();
        // As CheckpointSettings.Load does at start-up.
        await File.WriteAllTextAsync(CheckpointFile, string.Empty);
        Checkpoints = new CheckpointService(
            harness.DataSource, new CheckpointSettings(Key, CheckpointFile, TimeSpan.FromHours(1)), TimeProvider.System, NullLogger<CheckpointService>.Instance);
    }

    /// <summary>The checkpoints of another gateway on the same database, with a file of its own.</summary>
    public CheckpointService Replica(string file) =>
        new(harness.DataSource, new CheckpointSettings(Key, file, TimeSpan.FromHours(1)), TimeProvider.System, NullLogger<CheckpointService>.Instance);

    /// <summary>Writes and seals the 25 events and the two checkpoints.</summary>
    public async Task FillAsync()
    {
        await AppendAsync(10);
        Assert.Equal(10, (await Checkpoints.CheckpointAsync(CancellationToken.None))!.Position);
        await AppendAsync(10);
        Assert.Equal(20, (await Checkpoints.CheckpointAsync(CancellationToken.None))!.Position);
        await AppendAsync(5);
    }

    /// <summary>Appends events one call at a time and seals them; every third is a failed call, so error_code is set on some.</summary>
    public async Task AppendAsync(int count)
    {
        await AppendUnsealedAsync(count);
        await harness.SealAsync();
    }

    /// <summary>Appends events one call at a time, without sealing them.</summary>
    public async Task AppendUnsealedAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var envelope = LogHarness.Envelope() with
            {
                ResourceArn = i % 2 == 0 ? "arn:aws:sqs:us-east-1:000000000000:orders" : null,
                AuthenticationMethod = "SigV4",
                UserName = "test",
                ReadOnly = i % 2 == 0,
                Authorization = new AuthorizationRecord(i % 2 == 0 ? "Allowed" : "ExplicitDeny", ["identity#All"]),
            };
            var outcome = await harness.Writer.ExecuteAsync(envelope, _ => i % 3 == 2
                ? throw new Failure()
                : ValueTask.FromResult(new Logged<int>(i, LogHarness.Tested, json => json.WriteNumber("i", i))));
            Assert.NotNull(outcome.Sequence);
        }
    }

    public Task<ChainReport> VerifyAsync(long from = 1, byte[]? publicKey = null, string? checkpointFile = null) =>
        ChainCheck.VerifyAsync(Database.ConnectionString, checkpointFile ?? CheckpointFile, publicKey ?? Key.PublicKey.ToArray(), from);

    /// <summary>Verifies with the log cut into ranges of a few events, walked side by side as a long log would be.</summary>
    public async Task<ChainReport> VerifyInRangesAsync(long eventsPerRange)
    {
        await using var dataSource = NpgsqlDataSource.Create(Database.ConnectionString);
        return await new ChainVerifier(dataSource, eventsPerRange).VerifyAsync(1, Key.PublicKey.ToArray(), CheckpointFile, null, CancellationToken.None);
    }

    /// <summary>Runs SQL with the user triggers of the log's tables and checkpoints off, as the tables' owner could.</summary>
    public async Task TamperAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        string[] statements =
        [
            .. Tables.Select(t => $"alter table {t} disable trigger user"), sql, .. Tables.Select(t => $"alter table {t} enable trigger user"),
        ];
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection, transaction);
            if (ReferenceEquals(statement, sql))
            {
                command.Parameters.AddRange(parameters.Select(p => new NpgsqlParameter { Value = p }).ToArray());
            }

            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>The seal at a position and its event, as the verifier reads them.</summary>
    internal async Task<StoredEvent> ReadAsync(long position)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(SealSql.Range, connection);
        command.Parameters.AddWithValue(position);
        command.Parameters.AddWithValue(position);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return StoredEvent.Read(reader);
    }

    /// <summary>The <c>seq_id</c> of the event sealed at a position, for SQL that tampers with it.</summary>
    public static string SeqAt(long position) => $"(select seq_id from seals where position = {position})";

    public async Task DisposeAsync()
    {
        Checkpoints.Dispose();
        await harness.DisposeAsync();
        File.Delete(CheckpointFile);
    }

    private sealed class Failure() : CallFailedException("refused")
    {
        public override string ErrorCode => "AccessDenied";
    }
}
