using Npgsql;
using SecureQueue.Crypto.Signatures;
using SecureQueue.Log.Audit;

namespace SecureQueue.Log.Tests.Audit;

/// <summary>Checkpoints forged, edited or removed, in the database or the file, and the checkpoint service over the sealed log.</summary>
public sealed partial class ChainVerifierTests
{
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

        await log.TamperAsync("update mt_events set data = jsonb_set(data, '{action}', '\"x\"') where seq_id in (select seq_id from seals where position in (7, 18))");
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
        // Through the file's lock, as the writer takes it: a plain read while it appends would fail.
        await WaitUntilAsync(() => CheckpointFile.Read(log.CheckpointFile).Count == 3);
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
        await log.TamperAsync("delete from seals where position > 20");
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
}
