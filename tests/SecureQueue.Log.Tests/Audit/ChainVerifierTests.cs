using SecureQueue.Log.Audit;
using SecureQueue.Log.Events;

namespace SecureQueue.Log.Tests.Audit;

/// <summary>Tampering with the log as its owner could: every kind, and an edit of every stored field, is found at its position.</summary>
public sealed partial class ChainVerifierTests : IAsyncLifetime
{
    private const string Columns = "seq_id, id, stream_id, version, data, bdata, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, headers, is_archived, tx_id";
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

    /// <summary>Every column of <c>mt_events</c>, and each link of a seal, changed at position 7.</summary>
    [Theory]
    [InlineData("seq_id", "seq_id + 100000")]
    [InlineData("id", "gen_random_uuid()")]
    [InlineData("stream_id", "'forged-stream'")]
    [InlineData("version", "version + 1000")]
    [InlineData("data", "jsonb_set(data, '{action}', '\"DeleteQueue\"')")]
    [InlineData("data", "data - 'principalArn'")]
    [InlineData("bdata", "'\\x00'::bytea")]
    [InlineData("type", "type || 'x'")]
    [InlineData("timestamp", "timestamp + interval '1 microsecond'")]
    [InlineData("timestamp", "'infinity'")]
    [InlineData("tenant_id", "tenant_id || 'x'")]
    [InlineData("tenant_id", "null")]
    [InlineData("mt_dotnet_type", "coalesce(mt_dotnet_type || 'x', '')")]
    [InlineData("correlation_id", "correlation_id || 'x'")]
    [InlineData("correlation_id", "null")]
    [InlineData("headers", "coalesce(headers, '{}') || '{\"x\": 1}'")]
    [InlineData("headers", "null")]
    [InlineData("is_archived", "not coalesce(is_archived, false)")]
    [InlineData("is_archived", "null")]
    [InlineData("tx_id", "(tx_id::text::bigint - 1)::text::xid8")]
    [InlineData("prev_hash", "sha256(prev_hash)")]
    [InlineData("hash", "sha256(hash)")]
    public async Task Verify_FieldEdited_FailsAtThatPositionAsEdited(string column, string value)
    {
        await log.FillAsync();
        var sql = column switch
        {
            "prev_hash" or "hash" => $"update seals set {column} = {value} where position = 7",
            // The seal follows the event's new number, or the seal would name an event that is gone (deleted, below).
            "seq_id" => $"update seals set seq_id = seq_id + 100000 where position = 7; update mt_events set seq_id = {value} where seq_id = {ChainWorkspace.SeqAt(7)} - 100000",
            // A stream of its own, so the event's version cannot collide with one already in the stream it moves to.
            "stream_id" => $"insert into mt_streams (id, version) values ({value}, 0); update mt_events set stream_id = {value} where seq_id = {ChainWorkspace.SeqAt(7)}",
            _ => $"update mt_events set {column} = {value} where seq_id = {ChainWorkspace.SeqAt(7)}",
        };
        Assert.Equal(1, await log.Database.ScalarAsync<long>($"select count(*) from seals where position = 7"));
        await log.TamperAsync(sql);
        await AssertFirstAsync(7, ChainKinds.Edited);
    }

    /// <summary>The seal's transaction is outside the link, but the sealer resumes from the last seal's: an edit there would stall or skip sealing.</summary>
    [Theory]
    [InlineData(7, "(tx_id::text::bigint - 1)::text::xid8")]
    [InlineData(25, "'1'::xid8")]
    [InlineData(25, "(tx_id::text::bigint + 1000)::text::xid8")]
    public async Task Verify_SealTransactionEdited_FailsAtThatPositionAsEdited(long position, string value)
    {
        await log.FillAsync();
        await log.TamperAsync($"update seals set tx_id = {value} where position = {position}");
        await AssertFirstAsync(position, ChainKinds.Edited);
    }

    [Fact]
    public async Task Verify_EveryColumnOfMtEvents_IsCoveredByTheFieldTests()
    {
        var columns = await log.Database.ScalarAsync<string[]>(
            "select array_agg(column_name::text order by column_name) from information_schema.columns where table_name = 'mt_events'");
        Assert.Equal(
            ["bdata", "correlation_id", "data", "headers", "id", "is_archived", "mt_dotnet_type", "seq_id", "stream_id", "tenant_id", "timestamp", "tx_id", "type", "version"],
            columns);
    }

    [Fact]
    public async Task Verify_EventDeleted_FailsAtItsSealAsDeleted()
    {
        await log.FillAsync();
        await log.TamperAsync($"delete from mt_events where seq_id = {ChainWorkspace.SeqAt(7)}");
        await AssertFirstAsync(7, ChainKinds.Deleted);
    }

    [Fact]
    public async Task Verify_EventRenumbered_FailsAtItsSealAsDeleted()
    {
        await log.FillAsync();
        await log.TamperAsync($"update mt_events set seq_id = seq_id + 100000 where seq_id = {ChainWorkspace.SeqAt(7)}");
        await AssertFirstAsync(7, ChainKinds.Deleted);
    }

    [Fact]
    public async Task Verify_SealDeleted_FailsAtTheGapAsDeleted()
    {
        await log.FillAsync();
        await log.TamperAsync("delete from seals where position = 7");
        await AssertFirstAsync(7, ChainKinds.Deleted);
    }

    [Fact]
    public async Task Verify_EventAndSealDeletedAndLaterSealsRenumbered_FailsAsDeleted()
    {
        await log.FillAsync();
        await log.TamperAsync($"delete from mt_events where seq_id = {ChainWorkspace.SeqAt(7)}; delete from seals where position = 7; " +
            "update seals set position = -position where position > 7; update seals set position = -position - 1 where position < 0");
        await AssertFirstAsync(7, ChainKinds.Deleted);
    }

    [Fact]
    public async Task Verify_EventInsertedBehindTheCursorWithoutSeal_FailsAtTheNextSealAsInserted()
    {
        await log.FillAsync();
        // In the transaction of the event sealed at 7 and before it: the sealer would have sealed it first.
        await log.TamperAsync($"insert into mt_events ({Columns}) select -7, gen_random_uuid(), stream_id, version + 1000, " +
            $"jsonb_set(data, '{{action}}', '\"DeleteQueue\"'), bdata, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, headers, is_archived, tx_id " +
            $"from mt_events where seq_id = {ChainWorkspace.SeqAt(7)}");
        await AssertFirstAsync(7, ChainKinds.Inserted);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Verify_ForgedEventSealedInTheChain_FailsAtItAsInserted(bool validLink)
    {
        await log.FillAsync();
        var before = await log.ReadAsync(6);
        await log.TamperAsync($"insert into mt_events ({Columns}) select 100007, gen_random_uuid(), stream_id, version + 1000, " +
            $"jsonb_set(data, '{{action}}', '\"DeleteQueue\"'), bdata, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, headers, is_archived, tx_id " +
            $"from mt_events where seq_id = {before.Row!.Value.SeqId}; " +
            "update seals set position = -position where position >= 7; update seals set position = -position + 1 where position < 0; " +
            $"insert into seals (position, seq_id, tx_id, prev_hash, hash) select 7, 100007, tx_id, prev_hash, hash from seals where position = 6");
        var forged = (await log.ReadAsync(7)).Row!.Value;
        var link = validLink ? EventHash.Compute(before.Hash, forged) : new byte[EventHash.Size];
        await log.TamperAsync($"update seals set prev_hash = $1, hash = $2 where position = 7", before.Hash, link);
        await AssertFirstAsync(7, ChainKinds.Inserted);
    }

    [Fact]
    public async Task Verify_EventsAfterTheLastSeal_ReportedUnsealedNotFailed()
    {
        await log.FillAsync();
        await log.AppendUnsealedAsync(3);
        // Appended by hand after the last seal, with its lookup row as the writer would: the sealer has yet to reach it, so it is not yet part of the chain.
        await log.TamperAsync($"insert into mt_events ({Columns}) select 100026, gen_random_uuid(), stream_id, version + 1000, data, bdata, type, " +
            $"timestamp, tenant_id, mt_dotnet_type, correlation_id, headers, is_archived, pg_current_xact_id() from mt_events where seq_id = {ChainWorkspace.SeqAt(25)}; " +
            $"insert into event_lookup select 100026, action, read_only, user_name, resource_service, resource_arn, event_source, access_key_id, recorded_at from event_lookup where seq_id = {ChainWorkspace.SeqAt(25)}");
        var report = await log.VerifyAsync();
        Assert.True(report.Intact, ChainCheck.Describe(report));
        Assert.Equal((ChainWorkspace.Events, 4L), (report.LastPosition, report.Unsealed));

        await log.Log.SealAsync();
        var sealedReport = await log.VerifyAsync();
        Assert.True(sealedReport.Intact, ChainCheck.Describe(sealedReport));
        Assert.Equal((ChainWorkspace.Events + 4, 0L), (sealedReport.LastPosition, sealedReport.Unsealed));
    }

    [Theory]
    [InlineData(7, 8)]
    [InlineData(7, 12)]
    public async Task Verify_TwoSealsSwapped_FailsAtTheFirstAsReordered(long first, long second)
    {
        await log.FillAsync();
        await log.TamperAsync($"update seals set position = -position where position in ({first}, {second}); " +
            $"update seals set position = case position when -{first} then {second} else {first} end where position < 0");
        await AssertFirstAsync(first, ChainKinds.Reordered);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Verify_TailTruncatedBehindCheckpoint_FailsAsTruncated(bool eventsToo)
    {
        await log.FillAsync();
        await log.TamperAsync((eventsToo ? "delete from mt_events where seq_id in (select seq_id from seals where position > 14); " : "") +
            "delete from seals where position > 14");
        await AssertFirstAsync(15, ChainKinds.Truncated);
    }

    [Fact]
    public async Task Verify_ChainRewrittenBehindCheckpoint_FailsAtTheCheckpointAsTruncated()
    {
        await log.FillAsync();
        await log.TamperAsync($"update mt_events set data = jsonb_set(data, '{{action}}', '\"DeleteQueue\"') where seq_id = {ChainWorkspace.SeqAt(15)}; " +
            $"update event_lookup set action = 'DeleteQueue' where seq_id = {ChainWorkspace.SeqAt(15)}");
        var previous = (await log.ReadAsync(14)).Hash;
        var sql = new List<string>();
        for (var position = 15L; position <= ChainWorkspace.Events; position++)
        {
            var row = (await log.ReadAsync(position)).Row!.Value;
            var link = EventHash.Compute(previous, row);
            sql.Add($"update seals set prev_hash = '\\x{Convert.ToHexString(previous)}', hash = '\\x{Convert.ToHexString(link)}' where position = {position}");
            previous = link;
        }

        await log.TamperAsync(string.Join(";", sql));
        await AssertFirstAsync(20, ChainKinds.Truncated);
    }

    private async Task AssertFirstAsync(long position, string kind)
    {
        var report = await log.VerifyAsync();
        Assert.False(report.Intact);
        Assert.True((position, kind) == (report.First!.Position, report.First.Kind), ChainCheck.Describe(report));
    }
}
