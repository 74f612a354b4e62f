namespace SecureQueue.Storage.Log;

internal static class EventSql
{
    // One fixed text for any batch size, so the statement stays prepared.
    public const string Insert = """
        insert into events (position, recorded_at, event_type, action, request_id, principal_arn, access_key_id,
                            source_ip, user_agent, resource_arn, error_code, tls_version, tls_cipher, decision, data, prev_hash, hash)
        select * from unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[],
                             $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::bytea[], $16::bytea[], $17::bytea[])
        """;

    // Every covered field in EventRow order, then the links, in position order straight from the primary key.
    public const string SelectRange = """
        select position, recorded_at, event_type, action, request_id, principal_arn, access_key_id, source_ip, user_agent,
               resource_arn, error_code, tls_version, tls_cipher, decision, data, prev_hash, hash
        from events where position between $1 and $2 order by position
        """;
}
