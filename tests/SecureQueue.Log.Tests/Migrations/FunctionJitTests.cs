using Npgsql;
using SecureQueue.Log.Tests.Events;

namespace SecureQueue.Log.Tests.Migrations;

/// <summary>
/// The functions that turn sequential scans off (115_send_event.sql, 116_message_counts.sql) run their statements
/// without JIT (117_no_jit.sql). auto_explain reports each statement's plan, nested ones included, to this session as
/// a LOG notice; a plan that was compiled carries a "JIT:" section. A control statement planned the same way shows
/// that this server compiles such plans, so the check can see it when it happens.
/// </summary>
public sealed class FunctionJitTests : IAsyncLifetime
{
    private readonly LogHarness harness = new();
    private readonly List<string> plans = [];
    private NpgsqlConnection connection = null!;

    public async Task InitializeAsync()
    {
        await harness.InitializeAsync();
        // The owner is the cluster's superuser: loading auto_explain into a session takes one.
        connection = new NpgsqlConnection(harness.Database.ConnectionString);
        await connection.OpenAsync();
        connection.Notice += (_, e) => plans.Add(e.Notice.MessageText);
        await ExecuteAsync("""
            load 'auto_explain';
            set auto_explain.log_min_duration = 0;
            set auto_explain.log_nested_statements = on;
            set auto_explain.log_analyze = on;
            set auto_explain.log_timing = off;
            set jit = on;
            set jit_above_cost = 100000;
            set client_min_messages = log;
            """);
    }

    public async Task DisposeAsync()
    {
        await connection.DisposeAsync();
        await harness.DisposeAsync();
    }

    [Fact]
    public async Task Control_SequentialScansOff_IsCompiled()
    {
        await ExecuteAsync("set enable_seqscan = off; select sum(messages) from queue_message_counts; reset enable_seqscan");

        Assert.Contains(plans, p => p.Contains("queue_message_counts", StringComparison.Ordinal) && p.Contains("JIT:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("secq_total_counts", "select * from secq_total_counts(now())")]
    [InlineData("secq_queue_counts", "select * from secq_queue_counts(1, now())")]
    [InlineData("secq_not_visible", "select * from secq_not_visible(1, now())")]
    [InlineData("secq_send_events", "select * from secq_send_events(array[gen_random_uuid()])")]
    public async Task Function_RunsItsStatementsWithoutJit(string function, string call)
    {
        await ExecuteAsync("insert into queue_message_counts (queue_id, messages) values (1, 3)");
        plans.Clear();

        await ExecuteAsync(call);

        var nested = plans.Where(p => !p.Contains(function + "(", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(nested);
        Assert.DoesNotContain(plans, p => p.Contains("JIT:", StringComparison.Ordinal));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
