using Npgsql;
using SecureQueue.Log.Events;

namespace SecureQueue.Log.Tests.Events;

public sealed class LogWriterTests(LogHarness harness) : IClassFixture<LogHarness>
{
    [Fact]
    public async Task ExecuteAsync_ConcurrentCalls_EachGetsOneEventSealedDenseAndChained()
    {
        var before = await harness.EventCountAsync();
        var calls = Enumerable.Range(0, 300).Select(i => harness.Writer.ExecuteAsync(LogHarness.Envelope(), tx =>
            ValueTask.FromResult(new Logged<(int, long, Guid)>((i, tx.Position, tx.EventId), LogHarness.Tested, json => json.WriteNumber("i", i))))).ToList();
        var outcomes = await Task.WhenAll(calls);

        Assert.Equal(300, outcomes.Select(o => o.Value.Item2).Distinct().Count());
        Assert.Equal(before + 300, await harness.EventCountAsync());
        // Each call's sequence and event id name the event that holds its own detail.
        var stored = (await harness.Database.RowsAsync("select seq_id, id, (data -> 'detail' ->> 'i')::int from mt_events where data -> 'detail' ? 'i'"))
            .ToDictionary(r => (long)r[0]!, r => ((Guid)r[1]!, (int)r[2]!));
        Assert.All(outcomes, o => Assert.Equal((o.Value.Item3, o.Value.Item1), stored[o.Sequence!.Value]));

        await harness.SealAsync();
        await AssertChainAsync();
    }

    [Fact]
    public async Task ExecuteAsync_CallFailed_RecordsErrorAndRollsBackNothingElse()
    {
        var ok = harness.Writer.ExecuteAsync(LogHarness.Envelope("Ok"), _ => ValueTask.FromResult(new Logged<int>(1, LogHarness.Tested)));
        var failed = harness.Writer.ExecuteAsync<int>(LogHarness.Envelope("Bad"), _ => throw new TestFailure());
        var outcomes = await Task.WhenAll(ok, failed);

        Assert.Null(outcomes[0].Failure);
        Assert.IsType<TestFailure>(outcomes[1].Failure);
        Assert.Throws<TestFailure>(() => outcomes[1].Result);
        var code = await harness.Database.ScalarAsync<string>($"select error_code from events where seq_id = {outcomes[1].Sequence}");
        Assert.Equal("TestFailure", code);
        Assert.Equal("Tested", await harness.Database.ScalarAsync<string>($"select event_type from events where seq_id = {outcomes[0].Sequence}"));
    }

    [Fact]
    public async Task ExecuteAsync_UnexpectedError_FailsOnlyThatCall()
    {
        var before = await harness.EventCountAsync();
        var calls = Enumerable.Range(0, 20).Select(i => harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
        {
            if (i == 7)
            {
                // A broken statement aborts the transaction: the writer must retry the others alone.
                await using var command = new NpgsqlCommand("select * from no_such_table", tx.Connection);
                await command.ExecuteNonQueryAsync();
            }

            return new Logged<int>(i, LogHarness.Tested);
        })).ToList();

        var results = await Task.WhenAll(calls.Select(async c =>
        {
            try
            {
                return (await c).Value;
            }
            catch (PostgresException)
            {
                return -1;
            }
        }));

        Assert.Equal(-1, results[7]);
        Assert.Equal(19, results.Count(r => r >= 0));
        Assert.Equal(before + 19, await harness.EventCountAsync());
        await harness.SealAsync();
        await AssertChainAsync();
    }

    [Fact]
    public async Task ExecuteAsync_SkippedAttempt_AppendsNothing()
    {
        var before = await harness.EventCountAsync();
        var outcome = await harness.Writer.ExecuteAsync(LogHarness.Envelope(), _ => ValueTask.FromResult(new Logged<int>(0, LogHarness.Tested) { Append = false }));
        Assert.Null(outcome.Sequence);
        Assert.Equal(before, await harness.EventCountAsync());
    }

    [Theory]
    [InlineData("update mt_events set type = 'x'")]
    [InlineData("update mt_events set tx_id = tx_id")]
    [InlineData("delete from mt_events")]
    [InlineData("truncate mt_events")]
    [InlineData("update seals set hash = sha256(hash)")]
    [InlineData("delete from seals")]
    [InlineData("truncate seals")]
    [InlineData("delete from mt_streams")]
    [InlineData("truncate mt_streams cascade")]
    public async Task Log_UpdateDeleteTruncate_AreRejectedEvenForTheOwner(string sql)
    {
        await harness.Writer.ExecuteAsync(LogHarness.Envelope(), _ => ValueTask.FromResult(new Logged<int>(0, LogHarness.Tested)));
        await harness.SealAsync();
        var error = await Assert.ThrowsAsync<PostgresException>(() => harness.Database.ScalarAsync<object>(sql));
        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
    }

    private async Task AssertChainAsync()
    {
        var report = await ChainCheck.VerifyAsync(harness.Database.ConnectionString);
        Assert.True(report.Intact, ChainCheck.Describe(report));
        Assert.Equal(0, report.Unsealed);
        Assert.Equal(await harness.EventCountAsync(), report.LastPosition);
        Assert.Equal(await harness.SealCountAsync(), report.LastPosition);
    }

    private sealed class TestFailure() : CallFailedException("test failure")
    {
        public override string ErrorCode => "TestFailure";
    }
}
