namespace SecureQueue.Log.Events;

/// <summary>
/// One kind of event in the log: its name (the record's <c>type</c>, Marten's <c>type</c> header, CloudTrail's
/// <c>serviceEventDetails</c> or <c>responseElements</c> key) and what it records. Every type is declared once, in
/// <see cref="EventTypes"/>, so the log's vocabulary is one list that readers of the audit trail can rely on.
/// </summary>
public sealed class EventType
{
    internal EventType(string name, string records)
    {
        Name = name;
        Records = records;
    }

    public string Name { get; }

    /// <summary>What an event of this type records, in one sentence (the catalogue in <c>Events/README.md</c> repeats it).</summary>
    public string Records { get; }

    public override string ToString() => Name;
}
