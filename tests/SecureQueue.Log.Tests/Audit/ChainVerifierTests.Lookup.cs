using SecureQueue.Log.Audit;

namespace SecureQueue.Log.Tests.Audit;

/// <summary>
/// LookupEvents finds events through their <c>event_lookup</c> rows, outside the chain's fields: an edited, missing or
/// extra row would hide an event from a lookup or show it under another attribute, so the verifier checks every row
/// against its event's sealed data.
/// </summary>
public sealed partial class ChainVerifierTests
{
    /// <summary>Every column of the lookup row of the event at 9 (a read-only call on a queue, by a user with a key) changed.</summary>
    [Theory]
    [InlineData("action", "'DeleteQueue'")]
    [InlineData("read_only", "'false'")]
    [InlineData("read_only", "null")]
    [InlineData("user_name", "'mallory'")]
    [InlineData("user_name", "null")]
    [InlineData("resource_service", "'sns'")]
    [InlineData("resource_service", "null")]
    [InlineData("resource_arn", "'arn:aws:sqs:us-east-1:000000000000:other'")]
    [InlineData("resource_arn", "null")]
    [InlineData("event_source", "'sns.amazonaws.com'")]
    [InlineData("access_key_id", "'AKIAFORGED0000000000'")]
    [InlineData("access_key_id", "null")]
    [InlineData("recorded_at", "recorded_at - interval '1 microsecond'")]
    [InlineData("recorded_at", "null")]
    public async Task Verify_LookupColumnEdited_FailsAtThatPositionAsEdited(string column, string value)
    {
        await log.FillAsync();
        Assert.Equal(1, await log.Database.ScalarAsync<long>(
            $"select count(*) from event_lookup where seq_id = {ChainWorkspace.SeqAt(9)} and resource_arn is not null and user_name is not null and access_key_id is not null"));
        await log.TamperAsync($"update event_lookup set {column} = {value} where seq_id = {ChainWorkspace.SeqAt(9)}");
        var report = await log.VerifyAsync();
        Assert.True((9L, ChainKinds.Edited) == (report.First?.Position, report.First?.Kind), ChainCheck.Describe(report));
        Assert.EndsWith($"({column})", report.First!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EveryColumnOfEventLookup_IsCoveredByTheLookupTests()
    {
        var columns = await log.Database.ScalarAsync<string[]>(
            "select array_agg(column_name::text order by column_name) from information_schema.columns where table_name = 'event_lookup'");
        Assert.Equal(["access_key_id", "action", "event_source", "read_only", "recorded_at", "resource_arn", "resource_service", "seq_id", "user_name"], columns);
    }

    [Fact]
    public async Task Verify_LookupRowDeleted_FailsAtItsEventAsEdited()
    {
        await log.FillAsync();
        await log.TamperAsync($"delete from event_lookup where seq_id = {ChainWorkspace.SeqAt(9)}");
        await AssertFirstAsync(9, ChainKinds.Edited);
    }

    [Fact]
    public async Task Verify_LookupRowMovedToAnotherEvent_FailsAtBothEvents()
    {
        await log.FillAsync();
        await log.TamperAsync($"update event_lookup set seq_id = -seq_id where seq_id = {ChainWorkspace.SeqAt(10)}; " +
            $"update event_lookup set seq_id = {ChainWorkspace.SeqAt(10)} where seq_id = {ChainWorkspace.SeqAt(9)}; " +
            $"update event_lookup set seq_id = {ChainWorkspace.SeqAt(9)} where seq_id < 0");
        await AssertFirstAsync(9, ChainKinds.Edited);
    }

    [Fact]
    public async Task Verify_SecondLookupRowForAnEvent_FailsAtItsEvent()
    {
        await log.FillAsync();
        await log.TamperAsync("alter table event_lookup drop constraint event_lookup_pkey; " +
            $"insert into event_lookup select seq_id, 'PurgeQueue', read_only, 'mallory', resource_service, resource_arn, event_source, access_key_id, recorded_at from event_lookup where seq_id = {ChainWorkspace.SeqAt(9)}");
        await AssertFirstAsync(9, ChainKinds.Edited);
    }

    [Fact]
    public async Task Verify_LookupRowEditedAndLaterEventDeleted_ReportsBoth()
    {
        await log.FillAsync();
        await log.TamperAsync($"update event_lookup set user_name = 'mallory' where seq_id = {ChainWorkspace.SeqAt(4)}; " +
            $"delete from mt_events where seq_id = {ChainWorkspace.SeqAt(16)}");
        var report = await log.VerifyAsync();
        Assert.Equal([(4L, ChainKinds.Edited), (16L, ChainKinds.Deleted)], report.Findings.Select(f => (f.Position, f.Kind)));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(12)]
    [InlineData(24)]
    public async Task Verify_InRanges_LookupRowEditedFoundAtItsPosition(long position)
    {
        await log.FillAsync();
        await log.TamperAsync($"update event_lookup set action = 'ReceiveMessage' where seq_id = {ChainWorkspace.SeqAt(position)}");
        var report = await log.VerifyInRangesAsync(EventsPerRange);
        Assert.True((position, ChainKinds.Edited) == (report.First?.Position, report.First?.Kind), ChainCheck.Describe(report));
    }
}
