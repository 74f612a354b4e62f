using SecureQueue.Log.Audit;
using SecureQueue.Trail.Records;

namespace SecureQueue.Trail.Lookup;

/// <summary>One page of a lookup: its events, newest first, and where it ended when older ones match too.</summary>
internal sealed record LookupPage(IReadOnlyList<StoredEvent> Events, AuditCursor? Next);

/// <summary>
/// A lookup's attribute and window as the log's <see cref="AuditSearch"/> filters them (the SQL, and the indexes it
/// relies on, belong to SecureQueue.Log), one page at a time, newest first, sealed or not yet.
/// </summary>
internal sealed class EventLookup(AuditSearch search)
{
    /// <param name="after">Only events older than the previous page's end, for the next page; null for the first.</param>
    public async Task<LookupPage> FindAsync(LookupRequest request, AuditCursor? after, CancellationToken cancellation)
    {
        if (Filter(request) is not { } filter)
        {
            return new LookupPage([], null);
        }

        var rows = await search.FindAsync(filter, after, cancellation);
        var events = rows.Take(request.MaxResults).Select(r => new StoredEvent(r.Id, r.SeqId, r.Position, r.Data)).ToList();
        return new LookupPage(events, rows.Count > request.MaxResults ? rows[request.MaxResults - 1].Cursor : null);
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
