using Npgsql;

namespace SecureQueue.Log.Audit;

/// <summary>
/// A PostgreSQL session advisory lock held on a connection kept open for it: whichever replica holds it does the work,
/// and when the holder stops, crashes or loses its connection, the lock ends and another replica takes it. Marten's
/// async daemon elects its HotCold leader the same way.
/// </summary>
public sealed class AdvisoryLease(NpgsqlDataSource dataSource, long key) : IAsyncDisposable
{
    private NpgsqlConnection? connection;

    /// <summary>Whether the lock was held at the last <see cref="HoldAsync"/>.</summary>
    public bool IsHeld => connection is not null;

    /// <summary>
    /// True while this process holds the lock: checks the held connection still answers, or tries to take the lock.
    /// A held connection that fails is let go (its session, and the lock, ended with it) and the lock tried again.
    /// </summary>
    public async Task<bool> HoldAsync(CancellationToken cancellationToken)
    {
        if (connection is not null)
        {
            try
            {
                await using var check = connection.Command("select 1");
                await check.ExecuteScalarAsync(cancellationToken);
                return true;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
            {
                await ReleaseAsync();
            }
        }

        var opened = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = opened.Command("select pg_try_advisory_lock($1)", key))
        {
            if (await take.ExecuteScalarAsync(cancellationToken) is true)
            {
                connection = opened;
                return true;
            }
        }

        await opened.DisposeAsync();
        return false;
    }

    /// <summary>
    /// Unlocks before the connection goes back to the pool: the pool keeps sessions open (no reset on close), so a
    /// session lock would otherwise outlive its holder. A broken connection is not pooled, and its lock ended with it.
    /// </summary>
    public async ValueTask ReleaseAsync()
    {
        if (connection is not { } held)
        {
            return;
        }

        connection = null;
        try
        {
            await using var unlock = held.Command("select pg_advisory_unlock($1)", key);
            await unlock.ExecuteScalarAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            // The session is gone, and the lock with it.
        }
        finally
        {
            await held.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => ReleaseAsync();
}
