using System.Text.Json;
using SecureQueue.Log;
using SecureQueue.Log.Events;

namespace SecureQueue.Cli.Commands;

/// <summary>
/// A run of an operator's command that reads the audit trail out of the database (an export, a compliance report) is
/// itself an audited, read-only event of principal <c>secq:operator/&lt;user&gt;</c>, written before the command reads
/// anything: a run that cannot record itself (a read-only role or transaction) fails with the database's error.
/// </summary>
internal static class OperatorAudit
{
    public static async Task RecordAsync(OfflineStorage storage, string action, EventType eventType, string tool, Action<Utf8JsonWriter> detail)
    {
        var writer = await storage.WriterAsync();
        var envelope = new AuditEnvelope(Guid.NewGuid(), action, $"secq:operator/{Environment.UserName}", null, "local", tool, null, null, null)
        {
            ReadOnly = true,
        };
        await writer.ExecuteAsync(envelope, _ => ValueTask.FromResult(new Logged<int>(0, eventType, detail)));
    }

    /// <summary>A path as the event stores it: absolute, so the event says where the copy went whatever the working directory.</summary>
    public static string StoredPath(string path) => AuditText.Escape(Path.GetFullPath(path), AuditEnvelope.MaxArn);
}
