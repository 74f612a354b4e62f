using Npgsql;

namespace SecureQueue.Log.Events;

/// <summary>
/// Message positions for one writer, drawn from <c>message_positions</c> a block of <see cref="Size"/> at a time, so a
/// call gets its position before its event exists and without a round trip. Positions only need to be unique: a block
/// a crash leaves unused is a gap nobody reads.
/// </summary>
internal sealed class PositionBlock
{
    public const int Size = 4096;
    private long next;
    private long end;

    /// <summary>Draws a new block unless <paramref name="needed"/> positions remain in this one.</summary>
    public async Task EnsureAsync(NpgsqlConnection connection, int needed)
    {
        if (end - next >= needed)
        {
            return;
        }

        await using var command = new NpgsqlCommand("select nextval('message_positions')", connection);
        next = (long)(await command.ExecuteScalarAsync())!;
        end = next + Size;
    }

    public long Next() => next < end ? next++ : throw new InvalidOperationException("The position block is used up: EnsureAsync was not called for this batch.");
}
