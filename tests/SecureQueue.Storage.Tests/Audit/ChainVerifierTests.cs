using Npgsql;
using SecureQueue.Crypto.Signatures;
using SecureQueue.Storage.Audit;
using SecureQueue.Storage.Log;

namespace SecureQueue.Storage.Tests.Audit;

/// <summary>Tampering with the log as its owner could: every kind, and an edit of every stored field, is found at its position.</summary>
public sealed partial class ChainVerifierTests : IAsyncLifetime
{
    private readonly ChainWorkspace log = new();

    public Task InitializeAsync() => log.InitializeAsync();

    public Task DisposeAsync() => log.DisposeAsync();

    [Fact]
    public async Task Verify_IntactLog_PassesAndChecksEveryCheckpoint()
    {
        await log.FillAsync();
        var report = await log.VerifyAsync();
        Assert.True(report.Intact, ChainCheck.Describe(report));
        Assert.Equal(ChainWorkspace.Events, report.Events);
        Assert.Equal(ChainWorkspace.Events, report.LastPosition);
        Assert.Equal((2, 2, 4), (report.StoredCheckpoints, report.FileCheckpoints, report.CheckedCheckpoints));
        Assert.Equal(0, report.Unsealed);
    }

    [Fact]
    public async Task Verify_EmptyLog_Passes()
    {
        var report = await log.VerifyAsync();
        Assert.True(report.Intact, ChainCheck.Describe(report));
        Assert.Equal(0, report.Events);
        Assert.Null(await log.Checkpoints.CheckpointAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("recorded_at", "recorded_at + interval '1 microsecond'")]
    [InlineData("recorded_at", "'infinity'")]
    [InlineData("event_type", "event_type || 'x'")]
    [InlineData("action", "action || 'x'")]
    [InlineData("request_id", "gen_random_uuid()")]
    [InlineData("principal_arn", "principal_arn || 'x'")]
    [InlineData("principal_arn", "null")]
    [InlineData("access_key_id", "access_key_id || 'x'")]
    [InlineData("access_key_id", "''")]
    [InlineData("source_ip", "'10.0.0.1'")]
    [InlineData("user_agent", "user_agent || 'x'")]
    [InlineData("resource_arn", "coalesce(resource_arn || 'x', 'arn:aws:sqs:us-east-1:000000000000:other')")]
    [InlineData("error_code", "coalesce(error_code || 'x', 'AccessDenied')")]
    [InlineData("tls_version", "'TLSv1.2'")]
    [InlineData("tls_cipher", "coalesce(tls_cipher || 'x', 'TLS_AES_128_GCM_SHA256')")]
    [InlineData("decision", "'ImplicitDeny'")]
    [InlineData("data", "data || '\\x00'::bytea")]
    [InlineData("prev_hash", "sha256(prev_hash)")]
    [InlineData("hash", "sha256(hash)")]
    public async Task Verify_FieldEdited_FailsAtThatPositionAsEdited(string column, string value)
    {
        await log.FillAsync();
        await log.TamperAsync($"update events set {column} = {value} where position = 7");
        await AssertFirstAsync(7, ChainKinds.Edited);
    }

    [Fact]
    public async Task Verify_EventDeleted_FailsAtTheGapAsDeleted()
    {
        await log.FillAsync();
        await log.TamperAsync("delete from events where position = 7");
        await AssertFirstAsync(7, ChainKinds.Deleted);
    }

    [Fact]
    public async Task Verify_EventDeletedAndLaterOnesRenumbered_FailsAsDeleted()
    {
        await log.FillAsync();
        await log.TamperAsync("delete from events where position = 7; update events set position = -position where position > 7; " +
            "update events set position = -position - 1 where position < 0; update log_head set last_position = last_position - 1");
        await AssertFirstAsync(7, ChainKinds.Deleted);
    }

    [Fact]
    public async Task Verify_ForgedEventInsertedWithValidLink_FailsAtItAsInserted()
    {
        await log.FillAsync();
        var before = await log.ReadAsync(6);
        var forged = before.Row!.Value with { Position = 7, Action = "DeleteQueue", RequestId = Guid.NewGuid() };
        await InsertAsync(forged, before.Hash, EventHash.Compute(before.Hash, forged), shiftFrom: 7);
        await AssertFirstAsync(7, ChainKinds.Inserted);
    }

    [Fact]
    public async Task Verify_ForgedEventInsertedWithBadLink_FailsAtItAsInserted()
    {
        await log.FillAsync();
        var before = await log.ReadAsync(6);
        var forged = before.Row!.Value with { Position = 7, Action = "DeleteQueue" };
        await InsertAsync(forged, before.Hash, new byte[EventHash.Size], shiftFrom: 7);
        await AssertFirstAsync(7, ChainKinds.Inserted);
    }

    [Fact]
    public async Task Verify_ForgedEventAppendedBehindTheHead_FailsAsInserted()
    {
        await log.FillAsync();
        var last = await log.ReadAsync(ChainWorkspace.Events);
        var forged = last.Row!.Value with { Position = ChainWorkspace.Events + 1 };
        await InsertAsync(forged, last.Hash, EventHash.Compute(last.Hash, forged), shiftFrom: null);
        await AssertFirstAsync(ChainWorkspace.Events + 1, ChainKinds.Inserted);
    }

    [Theory]
    [InlineData(7, 8)]
    [InlineData(7, 12)]
    public async Task Verify_TwoEventsSwapped_FailsAtTheFirstAsReordered(long first, long second)
    {
        await log.FillAsync();
        await log.TamperAsync($"update events set position = -position where position in ({first}, {second}); " +
            $"update events set position = case position when -{first} then {second} else {first} end where position < 0");
        await AssertFirstAsync(first, ChainKinds.Reordered);
    }

    [Fact]
    public async Task Verify_TailTruncatedBehindCheckpoint_FailsAsTruncated()
    {
        await log.FillAsync();
        var kept = await log.ReadAsync(14);
        await log.TamperAsync($"delete from events where position > 14; update log_head set last_position = 14, last_hash = '\\x{Convert.ToHexString(kept.Hash)}'");
        await AssertFirstAsync(15, ChainKinds.Truncated);
    }

    [Fact]
    public async Task Verify_ChainRewrittenBehindCheckpoint_FailsAtTheCheckpointAsTruncated()
    {
        await log.FillAsync();
        await log.TamperAsync("update events set action = 'DeleteQueue' where position = 15");
        var previous = (await log.ReadAsync(14)).Hash;
        var sql = new List<string>();
        for (var position = 15L; position <= ChainWorkspace.Events; position++)
        {
            var row = (await log.ReadAsync(position)).Row!.Value;
            var link = EventHash.Compute(previous, row);
            sql.Add($"update events set prev_hash = '\\x{Convert.ToHexString(previous)}', hash = '\\x{Convert.ToHexString(link)}' where position = {position}");
            previous = link;
        }

        sql.Add($"update log_head set last_hash = '\\x{Convert.ToHexString(previous)}'");
        await log.TamperAsync(string.Join(";", sql));
        await AssertFirstAsync(20, ChainKinds.Truncated);
    }

    [Fact]
    public async Task Verify_CheckpointSignedByAnotherKey_FailsAsBadCheckpoint()
    {
        await log.FillAsync();
        var head = await log.ReadAsync(ChainWorkspace.Events);
        var forged = Checkpoint.Sign(CheckpointSigningKey.Generate(), ChainWorkspace.Events, head.Hash, DateTimeOffset.UtcNow, "elsewhere:/forged.jsonl");
        await log.TamperAsync($"insert into checkpoints values ('\\x{Convert.ToHexString(forged.Signature)}', {forged.Position}, " +
            $"'\\x{Convert.ToHexString(forged.Hash)}', now(), '{forged.KeyId}', '{forged.Origin}')");
        await AssertFirstAsync(ChainWorkspace.Events, ChainKinds.BadCheckpoint);
    }

    [Theory]
    [InlineData("hash = sha256(hash)", 10)]
    [InlineData("position = 12", 12)]
    [InlineData("signed_at = signed_at + interval '1 second'", 10)]
    public async Task Verify_StoredCheckpointEdited_FailsAsBadCheckpoint(string change, long position)
    {
        await log.FillAsync();
        await log.TamperAsync($"update checkpoints set {change} where position = 10");
        await AssertFirstAsync(position, ChainKinds.BadCheckpoint);
    }

    [Fact]
    public async Task Verify_StoredCheckpointDeleted_FailsAsMissingCheckpoint()
    {
        await log.FillAsync();
        await log.TamperAsync("delete from checkpoints where position = 10");
        await AssertFirstAsync(10, ChainKinds.MissingCheckpoint);
    }

    [Fact]
    public async Task Verify_FileLineRemoved_FailsAsMissingCheckpoint()
    {
        await log.FillAsync();
        File.WriteAllLines(log.CheckpointFile, File.ReadAllLines(log.CheckpointFile).Skip(1));
        await AssertFirstAsync(10, ChainKinds.MissingCheckpoint);
    }

    [Fact]
    public async Task Verify_FileLineAltered_FailsAsBadCheckpoint()
    {
        await log.FillAsync();
        var lines = File.ReadAllLines(log.CheckpointFile);
        lines[0] = lines[0].Replace("\"position\":10", "\"position\":9", StringComparison.Ordinal);
        File.WriteAllLines(log.CheckpointFile, lines);
        await AssertFirstAsync(9, ChainKinds.BadCheckpoint);
    }

    [Fact]
    public async Task Verify_FileLineNotACheckpoint_FailsAsBadCheckpoint()
    {
        await log.FillAsync();
        File.AppendAllText(log.CheckpointFile, "{\"v\":1}\n");
        await AssertFirstAsync(0, ChainKinds.BadCheckpoint);
    }

    [Fact]
    public async Task Verify_WrongPublicKey_FailsEveryCheckpoint()
    {
        await log.FillAsync();
        var report = await log.VerifyAsync(publicKey: CheckpointSigningKey.Generate().PublicKey.ToArray());
        Assert.Equal(4, report.Findings.Count(f => f.Kind == ChainKinds.BadCheckpoint));
    }

    [Fact]
    public async Task Verify_FromMidLog_ChecksOnlyFromThere()
    {
        await log.FillAsync();
        var report = await log.VerifyAsync(from: 15);
        Assert.True(report.Intact, ChainCheck.Describe(report));
        Assert.Equal(11, report.Events);
        Assert.Equal(2, report.CheckedCheckpoints);

        var beyond = await log.VerifyAsync(from: 1000);
        Assert.True(beyond.Intact, ChainCheck.Describe(beyond));
        Assert.Equal((0L, ChainWorkspace.Events), (beyond.Events, beyond.LastPosition));

        await log.TamperAsync("update events set action = 'x' where position in (7, 18)");
        var tampered = await log.VerifyAsync(from: 15);
        Assert.Equal((18L, ChainKinds.Edited), (tampered.First!.Position, tampered.First.Kind));
    }

    [Theory]
    [InlineData("update checkpoints set position = 1")]
    [InlineData("delete from checkpoints")]
    [InlineData("truncate checkpoints")]
    public async Task Checkpoints_UpdateDeleteTruncate_AreRejected(string sql)
    {
        await log.FillAsync();
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => log.Database.ScalarAsync<object>(sql));
        Assert.Contains("checkpoints is append-only", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TwoReplicasCheckpointOneLog_EachOfTheirFilesPasses()
    {
        await log.FillAsync();
        var otherFile = log.CheckpointFile + ".replica";
        try
        {
            using (var replica = log.Replica(otherFile))
            {
                await log.AppendAsync(3);
                await Task.WhenAll(replica.CheckpointAsync(CancellationToken.None), log.Checkpoints.CheckpointAsync(CancellationToken.None));
            }

            Assert.Equal(2, await log.Database.ScalarAsync<long>($"select count(*) from checkpoints where position = {ChainWorkspace.Events + 3}"));
            foreach (var file in new[] { log.CheckpointFile, otherFile })
            {
                var report = await log.VerifyAsync(checkpointFile: file);
                Assert.True(report.Intact, ChainCheck.Describe(report));
            }
        }
        finally
        {
            File.Delete(otherFile);
        }
    }

    [Fact]
    public async Task CheckpointAsync_LogNotAdvanced_WritesNothing()
    {
        await log.FillAsync();
        Assert.NotNull(await log.Checkpoints.CheckpointAsync(CancellationToken.None));
        Assert.Null(await log.Checkpoints.CheckpointAsync(CancellationToken.None));
        Assert.Equal(3, File.ReadAllLines(log.CheckpointFile).Length);
    }

    [Fact]
    public async Task CheckpointAsync_CancelledWhileItsRowWaits_StillStoresTheRowItsFileLineNames()
    {
        await log.FillAsync();
        await using var blocker = new NpgsqlConnection(log.Database.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("lock table checkpoints in access exclusive mode", blocker, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        // The head is read, the file line written, and the insert waits on the lock when shutdown cancels the checkpoint.
        using var shutdown = new CancellationTokenSource();
        var checkpoint = log.Checkpoints.CheckpointAsync(shutdown.Token);
        await WaitUntilAsync(() => File.ReadAllLines(log.CheckpointFile).Length == 3);
        await shutdown.CancelAsync();
        await Task.Delay(200);
        await transaction.RollbackAsync();
        Assert.Equal(25, (await checkpoint)!.Position);

        var report = await log.VerifyAsync();
        Assert.True(report.Intact, ChainCheck.Describe(report));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "the condition did not hold within 5 s");
    }

    [Fact]
    public async Task StartAsync_FileAnchorsBeyondTheLog_Refused()
    {
        await log.FillAsync();
        await log.Checkpoints.CheckpointAsync(CancellationToken.None);
        await log.TamperAsync($"delete from events where position > 20");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => log.Checkpoints.StartAsync(CancellationToken.None));
        Assert.Contains("anchors position 25", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_NewestFileLineMissingFromDatabase_StoresIt()
    {
        await log.FillAsync();
        await log.TamperAsync("delete from checkpoints where position = 20");
        await log.Checkpoints.StartAsync(CancellationToken.None);
        await log.Checkpoints.StopAsync(CancellationToken.None);
        var report = await log.VerifyAsync();
        Assert.True(report.Intact, ChainCheck.Describe(report));
    }

    private async Task AssertFirstAsync(long position, string kind)
    {
        var report = await log.VerifyAsync();
        Assert.False(report.Intact);
        Assert.True((position, kind) == (report.First!.Position, report.First.Kind), ChainCheck.Describe(report));
    }

    private async Task InsertAsync(EventRow row, byte[] previous, byte[] hash, long? shiftFrom)
    {
        if (shiftFrom is { } from)
        {
            await log.TamperAsync($"update events set position = -position where position >= {from}; update events set position = -position + 1 where position < 0");
        }

        await log.TamperAsync(
            """
            insert into events (position, recorded_at, event_type, action, request_id, principal_arn, access_key_id, source_ip, user_agent,
                                resource_arn, error_code, tls_version, tls_cipher, decision, data, prev_hash, hash)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
            """,
            row.Position, row.RecordedAt, row.EventType, row.Action, row.RequestId, Value(row.PrincipalArn), Value(row.AccessKeyId), Value(row.SourceIp),
            Value(row.UserAgent), Value(row.ResourceArn), Value(row.ErrorCode), Value(row.TlsVersion), Value(row.TlsCipher), Value(row.Decision),
            row.Data, previous, hash);
    }

    private static object Value(string? text) => text ?? (object)DBNull.Value;
}
