namespace SecureQueue.Log.Events;

/// <summary>
/// The attributes CloudTrail's LookupEvents filters on, for one event, as the <c>event_lookup</c> row the writer stores
/// beside it (<c>111_event_lookup.sql</c>). Each is exactly what the jsonb expression in that migration's back-fill
/// reads from the event's stored data (and <see cref="RecordedAt"/> the data's <c>time</c> text, cast as
/// <c>113_event_lookup_time.sql</c> casts it), so rows written here and rows back-filled there compare alike; the functional
/// fuzz test checks every row it produced against those expressions, and <c>secq audit verify</c> checks every sealed
/// event's row against them (<c>SealSql.LookupMismatch</c>).
/// </summary>
internal sealed record LookupKeys(
    string Action, string? ReadOnly, string? UserName, string? ResourceService, string? ResourceArn, string EventSource, string? AccessKeyId,
    string RecordedAt)
{
    /// <summary>The attributes of an event recorded at <paramref name="recordedAt"/>: its data's <c>time</c> text (<see cref="EventData.Time"/>).</summary>
    public static LookupKeys Of(AuditEnvelope envelope, string recordedAt)
    {
        var resourceArn = Stored(envelope.ResourceArn);
        return new LookupKeys(
            Stored(envelope.Action)!,
            envelope.ReadOnly is { } readOnly ? (readOnly ? "true" : "false") : null,
            envelope.AuthenticationMethod is null ? null : Stored(envelope.UserName),
            resourceArn is not null && IsWholeArn(resourceArn) ? resourceArn.Split(':')[2] : null,
            resourceArn,
            Stored(envelope.EventSource) ?? (envelope.PrincipalArn?.StartsWith("secq:", StringComparison.Ordinal) == true ? "securequeue.internal" : "sqs.amazonaws.com"),
            Stored(envelope.AccessKeyId),
            recordedAt);
    }

    // What `like 'arn:%:%:%:%:%'` accepts: "arn:" and at least four more colons.
    private static bool IsWholeArn(string arn) => arn.StartsWith("arn:", StringComparison.Ordinal) && arn.AsSpan(4).Count(':') >= 4;

    // The text as the stored record reads back: EventData writes a NUL as the six characters \u0000 (jsonb refuses NUL).
    private static string? Stored(string? value) => value is not null && value.Contains('\0', StringComparison.Ordinal) ? value.Replace("\0", "\\u0000", StringComparison.Ordinal) : value;
}
