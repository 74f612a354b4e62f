using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SecureQueue.Log.Queues;

/// <summary>
/// Every few seconds sums each queue's message count rows into one (116_message_counts.sql): every statement that adds
/// or removes messages adds a row, and a count reads them all. Safe on every replica at once: a folder deletes the rows
/// its statement saw and inserts their sum, so rows another folder already took are skipped, never counted twice.
/// </summary>
public sealed partial class MessageCountFolder(NpgsqlDataSource dataSource, ILogger<MessageCountFolder> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    // Only queues with more than one row: an idle queue's single row is left alone. A queue whose messages are all gone
    // keeps no row.
    private const string Fold = """
        with crowded as (select queue_id from queue_message_counts group by queue_id having count(*) > 1),
             folded as (delete from queue_message_counts c using crowded q where c.queue_id = q.queue_id returning c.queue_id, c.messages),
             summed as (insert into queue_message_counts (queue_id, messages)
                        select queue_id, sum(messages) from folded group by queue_id having sum(messages) <> 0)
        select count(*) from folded
        """;

    /// <summary>Folds every queue's count rows once; returns how many rows it folded.</summary>
    public async Task<long> FoldAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(Fold);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The wall clock: folding is upkeep of rows, not a step of any queue's time.
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await FoldAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogFoldFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: the rows wait for the next folder.
        }
    }

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "Folding message counts failed; retrying at the next interval")]
    private static partial void LogFoldFailed(ILogger logger, Exception exception);
}
