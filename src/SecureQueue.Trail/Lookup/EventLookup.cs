using SecureQueue.Log.Audit;
using SecureQueue.Trail.Records;

namespace SecureQueue.Trail.Lookup;

/// <summary>One page of a lookup: its events, newest first, and whether older ones match too.</summary>
public sealed record LookupPage(IReadOnlyList<StoredEvent> Events, bool More);

/// <summary>
/// A lookup's attribute and window as the log's <see cref="AuditSearch"/> filters them (the SQL, and the indexes it
/// relies on, belong to SecureQueue.Log), one page at a time, newest first, sealed or not yet.
/// </summary>
public sealed class EventLookup(AuditSearch search)
{
    /// <param name="before">Only events appended before this sequence number (the previous page's last), for the next page.</param>
    public async Task<LookupPage> FindAsync(LookupRequest request, long before, CancellationToken cancellation)
    {
        if (Filter(request) is not { } filter)
        {
            return new LookupPage([], false);
        }

        var rows = await search.FindAsync(filter, before, cancellation);
        var events = rows.Select(r => new StoredEvent(r.Id, r.SeqId, r.Position, r.Data)).ToList();
        return events.Count > request.MaxResults ? new LookupPage(events[..request.MaxResults], true) : new LookupPage(events, false);
    }

    /// <summary>The log's filter for a lookup, one row more than the page to tell whether more follow; null when no event can match.</summary>
    internal static AuditFilter? Filter(LookupRequest request)
    {
        if (request.Attribute is not { } attribute)
        {
            return new AuditFilter(null, null, request.From, request.Before, request.MaxResults + 1);
        }

        // A resource type is matched by its service; a type no resource has matches nothing.
        var value = attribute.Key == LookupAttributeKey.ResourceType ? ResourceName.ServiceOf(attribute.Value) : attribute.Value;
        return value is null ? null : new AuditFilter(Field(attribute.Key), value, request.From, request.Before, request.MaxResults + 1);
    }

    private static AuditField Field(LookupAttributeKey key) => key switch
    {
        LookupAttributeKey.EventId => AuditField.EventId,
        LookupAttributeKey.EventName => AuditField.Action,
        LookupAttributeKey.ReadOnly => AuditField.ReadOnly,
        LookupAttributeKey.Username => AuditField.UserName,
        LookupAttributeKey.ResourceType => AuditField.ResourceService,
        LookupAttributeKey.ResourceName => AuditField.ResourceArn,
        LookupAttributeKey.EventSource => AuditField.EventSource,
        LookupAttributeKey.AccessKeyId => AuditField.AccessKeyId,
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };
}
