using SecureQueue.Crypto.Keys;

namespace SecureQueue.Gateway.Keys;

/// <summary>
/// The data key a queue's new messages are sealed with, held in memory for its reuse period so a send reads no
/// key from the database. <c>CreatedAt</c> is the stored key's creation time, from which the period runs.
/// </summary>
public sealed record DataKeyLease(long QueueId, string Keyring, DataKey Key, int KekVersion, DateTimeOffset CreatedAt)
{
    public bool IsCurrent(DateTimeOffset now, int reusePeriodSeconds) => now < CreatedAt.AddSeconds(reusePeriodSeconds);
}
