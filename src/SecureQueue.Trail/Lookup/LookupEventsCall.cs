using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SecureQueue.Gateway.Authorization;
using SecureQueue.Gateway.Calls;
using SecureQueue.Log.Audit;
using SecureQueue.Log.Events;
using SecureQueue.Trail.Records;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Trail.Lookup;

/// <summary>
/// One LookupEvents call: its body checked when it is resolved (so a bad one is still audited as LookupEvents, under the
/// caller authentication found), authorized as <c>cloudtrail:LookupEvents</c> on <c>*</c> (the action has no resource
/// type), read on a pooled connection, then recorded as its own event (a management read, eventSource
/// <c>cloudtrail.amazonaws.com</c>) before the answer is written.
/// </summary>
internal sealed class LookupEventsCall(
    Guid requestId, ReadOnlyMemory<byte> body, EventLookup lookup, NextTokenCodec tokens, LookupRateLimit rate, LogWriter writer, TrailSettings settings) : ProtocolCall
{
    public const string Action = "cloudtrail:LookupEvents";
    private const string Hidden = "HIDDEN_DUE_TO_SECURITY_REASONS";
    private LookupRequest? request;
    private bool audited;

    public override string AuditAction => "LookupEvents";

    public override bool? ReadOnly => true;

    public override bool? DataEvent => false;

    public override bool Audited => audited;

    public override ReadOnlyMemory<byte>? RequestParameters()
    {
        LookupRequest request;
        try
        {
            request = LookupRequest.Decode(body);
        }
        catch (TrailException)
        {
            // The record names the error; parameters that do not decode have no shape to record.
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (request.Attribute is { } attribute)
            {
                json.WriteStartArray("lookupAttributes");
                json.WriteStartObject();
                json.WriteString("attributeKey", attribute.Key.ToString());
                json.WriteString("attributeValue", attribute.Value);
                json.WriteEndObject();
                json.WriteEndArray();
            }

            WriteTime(json, "startTime", request.StartTime);
            WriteTime(json, "endTime", request.EndTime);
            json.WriteNumber("maxResults", request.MaxResults);
            if (request.EventCategory is { } category)
            {
                json.WriteString("eventCategory", category);
            }

            // The token only says where a page ended, but it is a credential-like opaque value: its presence is enough.
            if (request.NextToken is not null)
            {
                json.WriteString("nextToken", Hidden);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    public override ValueTask<(string? AuditResource, AuthorizationInput Input)> ResolveAsync(CancellationToken cancellation)
    {
        request = LookupRequest.Decode(body);
        return ValueTask.FromResult<(string?, AuthorizationInput)>((null, new AuthorizationInput(Action, "*")));
    }

    public override async Task ExecuteAsync(HttpContext http, Caller caller, AuditEnvelope envelope)
    {
        var request = this.request!;
        if (!rate.TryTake(caller.PrincipalArn))
        {
            throw TrailErrors.Throttled();
        }

        if (request.EventCategory is { } category)
        {
            throw category == "insight" ? TrailErrors.InsightsNotRecorded() : TrailErrors.InvalidEventCategory();
        }

        var after = request.NextToken is { } token ? tokens.Decode(token, request) : (AuditCursor?)null;
        var page = await lookup.FindAsync(request, after, http.RequestAborted);
        var next = page.Next is { } end ? tokens.Encode(end, request) : null;
        await writer.AppendAsync(envelope, EventTypes.EventsLookedUp, json => json.WriteNumber("events", page.Events.Count));
        audited = true;
        await TrailCallProtocol.WriteAsync(http, requestId, 200, LookupResponse.Write(page, next, settings));
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            json.WriteString(name, value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
        }
    }
}
