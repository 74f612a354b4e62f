namespace SecureQueue.Policies.Documents;

/// <summary>The JSON value kinds.</summary>
internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>One JSON value with the byte offset of its first character, kept so errors can point at it.</summary>
internal sealed class JsonNode
{
    public required JsonKind Kind { get; init; }

    public required long Offset { get; init; }

    /// <summary>The string's value, or the literal text of a number, <c>true</c> or <c>false</c>.</summary>
    public string? Text { get; init; }

    public IReadOnlyList<JsonNode> Items { get; init; } = [];

    public IReadOnlyList<JsonMember> Members { get; init; } = [];

    /// <summary>"a string", "an array", … for error messages.</summary>
    public string Describe() => Kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => "a number",
        JsonKind.True or JsonKind.False => "a boolean",
        _ => "null",
    };
}

/// <summary>One member of a JSON object, with the offset of its name.</summary>
internal sealed record JsonMember(string Name, long NameOffset, JsonNode Value);
