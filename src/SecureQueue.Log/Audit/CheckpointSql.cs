namespace SecureQueue.Log.Audit;

internal static class CheckpointSql
{
    // Idempotent: a replica re-storing the newest line of its file after a crash, or two processes sharing one file.
    public const string Insert = """
        insert into checkpoints (signature, position, hash, signed_at, key_id, origin) values ($1, $2, $3, $4, $5, $6)
        on conflict (signature) do nothing
        """;

    public const string All = "select position, hash, signed_at, key_id, origin, signature from checkpoints order by position, signed_at";
}
