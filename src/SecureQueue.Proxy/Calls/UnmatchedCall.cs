using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SecureQueue.Gateway.Authorization;
using SecureQueue.Gateway.Calls;
using SecureQueue.Log.Events;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Proxy.Calls;

/// <summary>
/// A request on the front door's own listener that no route matches: identified like any other (so a scan of paths is
/// recorded under the principal that made it), then answered 404 and recorded as a failed <c>Invoke</c> with its method
/// and path. There is no resource to authorize, as for a route that does not exist.
/// </summary>
internal sealed class UnmatchedCall(HttpContext http) : ProtocolCall
{
    public override string AuditAction => "Invoke";

    public override bool? ReadOnly => ProxiedCall.IsReadOnly(http.Request);

    public override bool? DataEvent => true;

    public override bool NeedsNoPermission => true;

    public override ReadOnlyMemory<byte>? RequestParameters()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            ProxiedCall.WriteMethodAndPath(json, http.Request);
            json.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    public override ValueTask<(string? AuditResource, AuthorizationInput Input)> ResolveAsync(CancellationToken cancellation) =>
        ValueTask.FromResult<(string?, AuthorizationInput)>((null, new AuthorizationInput(RouteResource.Action, "*")));

    public override Task ExecuteAsync(HttpContext http, Caller caller, AuditEnvelope envelope) => throw ProxyErrors.NoRoute();
}
