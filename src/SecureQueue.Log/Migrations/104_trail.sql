-- The audit view carries each event's Marten id: CloudTrail's eventID, the key LookupEvents and exports name records by.
create or replace view events as
select s.position, e.seq_id, (e.data ->> 'time')::timestamptz as recorded_at, e.data ->> 'type' as event_type,
       e.data ->> 'action' as action, (e.data ->> 'requestId')::uuid as request_id, e.data ->> 'principalArn' as principal_arn,
       e.data ->> 'accessKeyId' as access_key_id, e.data ->> 'sourceIp' as source_ip, e.data ->> 'userAgent' as user_agent,
       e.data ->> 'resourceArn' as resource_arn, e.data ->> 'errorCode' as error_code, e.data ->> 'tlsVersion' as tls_version,
       e.data ->> 'tlsCipher' as tls_cipher, e.data -> 'authorization' ->> 'decision' as decision, e.data, e.stream_id, e.tx_id,
       e.id
from mt_events e left join seals s on s.seq_id = e.seq_id;
