using System.Text.Json;
using SecureQueue.Log.Events;
using SecureQueue.Log.MoveTasks;

namespace SecureQueue.Sqs.MoveTasks;

/// <summary>How a move task's events read (their types are in <c>EventTypes</c>): each one's task detail, and the envelope of the work the gateway does for it.</summary>
internal static class MoveTaskEvents
{
    /// <summary>
    /// The gateway's own work for a task, on behalf of whoever started it (named in each event's detail), as the
    /// dead-letter moves of a receive are: one envelope per event, the source queue as its resource.
    /// </summary>
    public static AuditEnvelope Envelope(string action, MoveTaskRecord task, string region) =>
        new(Guid.NewGuid(), action, "secq:system", null, "internal", null, task.SourceArn, null, null)
        {
            EventSource = "sqs.amazonaws.com",
            Region = region,
            ReadOnly = false,
            DataEvent = true,
            RequestParameters = null,
        };

    public static void WriteTask(Utf8JsonWriter json, MoveTaskRecord task)
    {
        json.WriteString("taskId", task.TaskId);
        json.WriteString("sourceArn", task.SourceArn);
        if (task.DestinationArn is not null)
        {
            json.WriteString("destinationArn", task.DestinationArn);
        }

        json.WriteNumber("rate", task.Rate);
        json.WriteNumber("toMove", task.ToMove);
        json.WriteNumber("moved", task.Moved);
        json.WriteString("onBehalfOf", task.PrincipalArn);
    }
}
