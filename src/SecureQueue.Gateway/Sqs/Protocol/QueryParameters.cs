using System.Globalization;
using SecureQueue.Gateway.Sqs.Errors;

namespace SecureQueue.Gateway.Sqs.Protocol;

/// <summary>
/// Parameters of an AWS Query request: flat <c>name=value</c> pairs where lists and maps are flattened as
/// <c>Prefix.N</c> / <c>Prefix.N.Name</c> with 1-based N. An entry of a batch is the same view under a prefix.
/// </summary>
public sealed class QueryParameters : SqsParameters
{
    private readonly IReadOnlyDictionary<string, string> values;
    private readonly string prefix;

    private QueryParameters(IReadOnlyDictionary<string, string> values, string prefix)
    {
        this.values = values;
        this.prefix = prefix;
    }

    /// <summary>Builds the view; a parameter given twice is refused rather than silently picking one.</summary>
    public static QueryParameters From(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in pairs)
        {
            if (!values.TryAdd(name, value))
            {
                throw SqsErrors.InvalidParameterValue($"The parameter {name} was specified more than once.");
            }
        }

        return new QueryParameters(values, string.Empty);
    }

    public override string? String(string name) => values.TryGetValue(prefix + name, out var value) ? value : null;

    public override int? Int(string name) => String(name) is { } text ? ParseInt(name, text) : null;

    public override IReadOnlyList<string> StringList(string jsonName, string queryName)
    {
        var items = new List<string>();
        foreach (var n in Indexed(queryName))
        {
            if (values.TryGetValue($"{prefix}{queryName}.{n}", out var item))
            {
                items.Add(item);
            }
        }

        if (String(queryName) is { } single)
        {
            items.Add(single);
        }

        return items;
    }

    public override IReadOnlyDictionary<string, string> StringMap(string jsonName, string queryPrefix, string keyName, string valueName)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var n in Indexed(queryPrefix))
        {
            var entry = Child($"{queryPrefix}.{n}.");
            var key = entry.String(keyName) ?? throw SqsErrors.MissingParameter($"{queryPrefix}.{n}.{keyName}");
            map[key] = entry.String(valueName) ?? throw SqsErrors.MissingParameter($"{queryPrefix}.{n}.{valueName}");
        }

        return map;
    }

    public override IReadOnlyDictionary<string, MessageAttributeValue> AttributeValues(string jsonName, string queryPrefix)
    {
        var map = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal);
        foreach (var n in Indexed(queryPrefix))
        {
            var entry = Child($"{queryPrefix}.{n}.");
            var name = entry.String("Name") ?? throw SqsErrors.MissingParameter($"{queryPrefix}.{n}.Name");
            if (Indexed($"{queryPrefix}.{n}.Value.StringListValue").Count > 0 || Indexed($"{queryPrefix}.{n}.Value.BinaryListValue").Count > 0)
            {
                throw SqsErrors.InvalidParameterValue($"Message attribute list values in '{name}' are not supported.");
            }

            map[name] = new MessageAttributeValue(
                entry.String("Value.DataType") ?? string.Empty, entry.String("Value.StringValue"), Base64(entry.String("Value.BinaryValue")));
        }

        return map;
    }

    public override IReadOnlyList<SqsParameters> Entries(string jsonName, string queryPrefix) =>
        Indexed(queryPrefix).Select(n => (SqsParameters)Child($"{queryPrefix}.{n}.")).ToList();

    private QueryParameters Child(string childPrefix) => new(values, prefix + childPrefix);

    /// <summary>The indexes N present under <c>name.N…</c>, in numeric order.</summary>
    private SortedSet<int> Indexed(string name)
    {
        var start = $"{prefix}{name}.";
        var indexes = new SortedSet<int>();
        foreach (var key in values.Keys)
        {
            if (!key.StartsWith(start, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = key.AsSpan(start.Length);
            var dot = rest.IndexOf('.');
            var digits = dot < 0 ? rest : rest[..dot];
            if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index >= 1)
            {
                indexes.Add(index);
            }
        }

        return indexes;
    }

    private static byte[]? Base64(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw SqsErrors.InvalidParameterValue("A BinaryValue is not valid base64.");
        }
    }
}
