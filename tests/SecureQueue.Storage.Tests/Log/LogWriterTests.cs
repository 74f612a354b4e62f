using Npgsql;
using SecureQueue.Storage.Log;

namespace SecureQueue.Storage.Tests.Log;

public sealed class LogWriterTests(LogHarness harness) : IClassFixture<LogHarness>
{
    [Fact]
    public async Task ExecuteAsync_ConcurrentCalls_EachGetsOneDenseChainedEvent()
    {
        var before = await harness.Database.ScalarAsync<long>("select last_position from log_head");
        var calls = Enumerable.Range(0, 300).Select(i => harness.Writer.ExecuteAsync(LogHarness.Envelope(), tx =>
            ValueTask.FromResult(new Logged<long>(tx.Position, "Tested", json => json.WriteNumber("i", i))))).ToList();
        var outcomes = await Task.WhenAll(calls);

        var positions = outcomes.Select(o => o.Value).Order().ToList();
        Assert.Equal(Enumerable.Range((int)before + 1, 300).Select(p => (long)p), positions);
        Assert.All(outcomes, o => Assert.Equal(o.Value, o.Position));
        await AssertChainAsync();
    }

    [Fact]
    public async Task ExecuteAsync_CallFailed_RecordsErrorAndRollsBackNothingElse()
    {
        var ok = harness.Writer.ExecuteAsync(LogHarness.Envelope("Ok"), _ => ValueTask.FromResult(new Logged<int>(1, "Tested")));
        var failed = harness.Writer.ExecuteAsync<int>(LogHarness.Envelope("Bad"), _ => throw new TestFailure());
        var outcomes = await Task.WhenAll(ok, failed);

        Assert.Null(outcomes[0].Failure);
        Assert.IsType<TestFailure>(outcomes[1].Failure);
        Assert.Throws<TestFailure>(() => outcomes[1].Result);
        var code = await harness.Database.ScalarAsync<string>($"select error_code from events where position = {outcomes[1].Position}");
        Assert.Equal("TestFailure", code);
    }

    [Fact]
    public async Task ExecuteAsync_UnexpectedError_FailsOnlyThatCall()
    {
        var before = await harness.Database.ScalarAsync<long>("select last_position from log_head");
        var calls = Enumerable.Range(0, 20).Select(i => harness.Writer.ExecuteAsync(LogHarness.Envelope(), async tx =>
        {
            if (i == 7)
            {
                // A broken statement aborts the transaction: the writer must retry the others alone.
                await using var command = new NpgsqlCommand("select * from no_such_table", tx.Connection);
                await command.ExecuteNonQueryAsync();
            }

            return new Logged<int>(i, "Tested");
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
        Assert.Equal(before + 19, await harness.Database.ScalarAsync<long>("select last_position from log_head"));
        await AssertChainAsync();
    }

    [Fact]
    public async Task ExecuteAsync_SkippedAttempt_AppendsNothing()
    {
        var before = await harness.Database.ScalarAsync<long>("select last_position from log_head");
        var outcome = await harness.Writer.ExecuteAsync(LogHarness.Envelope(), _ => ValueTask.FromResult(new Logged<int>(0, "Tested") { Append = false }));
        Assert.Null(outcome.Position);
        Assert.Equal(before, await harness.Database.ScalarAsync<long>("select last_position from log_head"));
    }

    [Theory]
    [InlineData("update events set action = 'x'")]
    [InlineData("delete from events")]
    [InlineData("truncate events")]
    public async Task Events_UpdateDeleteTruncate_AreRejected(string sql)
    {
        await harness.Writer.ExecuteAsync(LogHarness.Envelope(), _ => ValueTask.FromResult(new Logged<int>(0, "Tested")));
        var error = await Assert.ThrowsAsync<PostgresException>(() => harness.Database.ScalarAsync<object>(sql));
        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
    }

    private async Task AssertChainAsync()
    {
        var report = await ChainCheck.VerifyAsync(harness.Database.ConnectionString);
        Assert.True(report.Intact, ChainCheck.Describe(report));
        Assert.Equal(await harness.Database.ScalarAsync<long>("select last_position from log_head"), report.LastPosition);
    }

    private sealed class TestFailure() : CallFailedException("test failure")
    {
        public override string ErrorCode => "TestFailure";
    }
}
