namespace SecureQueue.Sqs.Protocol;

/// <summary>
/// An action's response as one tree that both encoders walk: JSON writes members by name; Query writes
/// lists and maps flattened under their XML item names, as the SQS Query protocol does.
/// </summary>
internal abstract record ResponseNode;

internal sealed record ResponseText(string Value) : ResponseNode;

internal sealed record ResponseBool(bool Value) : ResponseNode;

/// <summary>An integer: a JSON number (SQS's Long and Integer members), or its decimal text in XML.</summary>
internal sealed record ResponseNumber(long Value) : ResponseNode;

/// <summary>A list: a JSON array, or in XML one <c>XmlItemName</c> element per item.</summary>
internal sealed record ResponseList(string XmlItemName, IReadOnlyList<ResponseNode> Items) : ResponseNode;

/// <summary>A map: a JSON object, or in XML one <c>XmlEntryName</c> element per entry holding key and value elements.</summary>
internal sealed record ResponseMap(string XmlEntryName, string KeyName, string ValueName, IReadOnlyList<KeyValuePair<string, ResponseNode>> Entries)
    : ResponseNode;

/// <summary>An object whose members are written in the order they were added; absent optional members are simply not added.</summary>
internal sealed record ResponseObject : ResponseNode
{
    private readonly List<KeyValuePair<string, ResponseNode>> members = [];

    public IReadOnlyList<KeyValuePair<string, ResponseNode>> Members => members;

    public ResponseObject Add(string name, ResponseNode value)
    {
        members.Add(new(name, value));
        return this;
    }

    public ResponseObject Add(string name, string? value) => value is null ? this : Add(name, new ResponseText(value));

    public ResponseObject Add(string name, bool value) => Add(name, new ResponseBool(value));

    public ResponseObject Add(string name, long? value) => value is null ? this : Add(name, new ResponseNumber(value.Value));

    /// <summary>A string map written as <c>Attribute{Name,Value}</c>-style entries in XML.</summary>
    public ResponseObject AddMap(string name, string xmlEntryName, string keyName, string valueName, IEnumerable<KeyValuePair<string, string>> entries) =>
        Add(name, new ResponseMap(xmlEntryName, keyName, valueName, entries.Select(e => new KeyValuePair<string, ResponseNode>(e.Key, new ResponseText(e.Value))).ToList()));
}
