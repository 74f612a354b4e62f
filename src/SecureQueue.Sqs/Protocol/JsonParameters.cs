using System.Text.Json;
using SecureQueue.Sqs.Errors;

namespace SecureQueue.Sqs.Protocol;

/// <summary>Parameters of an AWS JSON 1.0 request: the members of one JSON object.</summary>
internal sealed class JsonParameters : SqsParameters
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16, AllowDuplicateProperties = false };
    private readonly JsonElement element;

    private JsonParameters(JsonElement element) => this.element = element;

    /// <summary>Parses a request body; an empty body is an empty object, as AWS treats it.</summary>
    public static JsonParameters Parse(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return new JsonParameters(JsonDocument.Parse("{}").RootElement);
        }

        try
        {
            JsonShape.Check(body.Span, ParameterLimits.MaxJsonElements);
            var root = JsonDocument.Parse(body, Options).RootElement;
            return root.ValueKind == JsonValueKind.Object
                ? new JsonParameters(root)
                : throw SqsErrors.Serialization("The request body must be a JSON object.");
        }
        catch (JsonException exception)
        {
            throw SqsErrors.Serialization($"The request body is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}).");
        }
    }

    public override string? String(string name) => Member(name) is { } value ? Text(name, value) : null;

    public override int? Int(string name) => Member(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } number when number.TryGetInt32(out var value) => value,
        { ValueKind: JsonValueKind.Number } number => throw SqsErrors.InvalidParameter(name, number.GetRawText(), "Must be an integer."),
        _ => throw SqsErrors.Serialization($"Member {name} must be a number."),
    };

    public override IReadOnlyList<string> StringList(string jsonName, string queryName) =>
        Member(jsonName) is { } list ? Array(jsonName, list).Select(item => Text(jsonName, item)).ToList() : [];

    public override IReadOnlyDictionary<string, string> StringMap(string jsonName, string queryPrefix, string keyName, string valueName) =>
        Member(jsonName) is { } map ? Object(jsonName, map).ToDictionary(p => p.Name, p => Text(jsonName, p.Value), StringComparer.Ordinal) : new Dictionary<string, string>();

    public override IReadOnlyDictionary<string, MessageAttributeValue> AttributeValues(string jsonName, string queryPrefix)
    {
        var values = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal);
        if (Member(jsonName) is not { } map)
        {
            return values;
        }

        foreach (var attribute in Object(jsonName, map))
        {
            var value = new JsonParameters(attribute.Value.ValueKind == JsonValueKind.Object
                ? attribute.Value
                : throw SqsErrors.Serialization($"Member {jsonName} must map names to objects."));
            values[attribute.Name] = new MessageAttributeValue(
                value.String("DataType") ?? string.Empty, value.String("StringValue"), value.Binary("BinaryValue"));
            if (value.Member("StringListValues") is not null || value.Member("BinaryListValues") is not null)
            {
                throw SqsErrors.InvalidParameterValue($"Message attribute list values in '{attribute.Name}' are not supported.");
            }
        }

        return values;
    }

    public override IReadOnlyList<SqsParameters> Entries(string jsonName, string queryPrefix) =>
        Member(jsonName) is { } list
            ? Array(jsonName, list).Select(item => item.ValueKind == JsonValueKind.Object
                ? (SqsParameters)new JsonParameters(item)
                : throw SqsErrors.Serialization($"Entries of {jsonName} must be objects.")).ToList()
            : [];

    private byte[]? Binary(string name)
    {
        if (String(name) is not { } text)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw SqsErrors.Serialization($"Member {name} is not valid base64.");
        }
    }

    private JsonElement? Member(string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string Text(string name, JsonElement value) => value.ValueKind == JsonValueKind.String
        ? value.GetString()!
        : throw SqsErrors.Serialization($"Member {name} must hold strings.");

    /// <summary>The items of a list member, counted against its limit before any is read.</summary>
    private static JsonElement.ArrayEnumerator Array(string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw SqsErrors.Serialization($"Member {name} must be a list.");
        }

        ParameterLimits.Check(name, value.GetArrayLength());
        return value.EnumerateArray();
    }

    /// <summary>The members of a map member, counted against its limit before any is read.</summary>
    private static JsonElement.ObjectEnumerator Object(string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw SqsErrors.Serialization($"Member {name} must be a map.");
        }

        ParameterLimits.Check(name, value.EnumerateObject().Count());
        return value.EnumerateObject();
    }
}
