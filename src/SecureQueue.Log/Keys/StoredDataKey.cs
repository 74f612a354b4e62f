namespace SecureQueue.Log.Keys;

/// <summary>A data key as stored: wrapped by version <c>KekVersion</c> of keyring <c>Keyring</c>; <c>Wrapped</c> is null once destroyed.</summary>
public sealed record StoredDataKey(Guid KeyId, long QueueId, string Keyring, int KekVersion, byte[]? Wrapped, DateTimeOffset CreatedAt);
