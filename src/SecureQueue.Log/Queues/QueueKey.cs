namespace SecureQueue.Log.Queues;

/// <summary>What names a queue: its account, the region it lives in (each served region is a namespace of its own) and its name.</summary>
public readonly record struct QueueKey(string AccountId, string Region, string Name);
