using System.Globalization;
using SecureQueue.Sqs.Errors;

namespace SecureQueue.Sqs.Protocol;

/// <summary>
/// Parameters of an AWS Query request: flat <c>name=value</c> pairs where lists and maps are flattened as
/// <c>Prefix.N</c> / <c>Prefix.N.Name</c> with 1-based N. An entry of a batch is the same view under a prefix.
/// The indexes under every prefix are found in one pass when the view is built, so reading a list costs
/// what the list holds, never a walk over every parameter.
/// </summary>
internal sealed class QueryParameters : SqsParameters
{
    private const int MaxNesting = 4;
    private static readonly SortedSet<int> None = [];
    private readonly IReadOnlyDictionary<string, string> values;
    private readonly IReadOnlyDictionary<string, SortedSet<int>> indexes;
    private readonly string prefix;

    private QueryParameters(IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, SortedSet<int>> indexes, string prefix)
    {
        this.values = values;
        this.indexes = indexes;
        this.prefix = prefix;
    }

    /// <summary>Builds the view; a parameter given twice is refused rather than silently picking one.</summary>
    public static QueryParameters From(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var indexes = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        foreach (var (name, value) in pairs)
        {
            if (values.Count == ParameterLimits.MaxQueryParameters)
            {
                throw SqsErrors.InvalidParameterValue($"A request may carry at most {ParameterLimits.MaxQueryParameters} parameters.");
            }

            if (!values.TryAdd(name, value))
            {
                throw SqsErrors.InvalidParameterValue($"The parameter {name} was specified more than once.");
            }

            AddIndexes(indexes, name);
        }

        return new QueryParameters(values, indexes, string.Empty);
    }

    public override string? String(string name) => values.TryGetValue(prefix + name, out var value) ? value : null;

    public override int? Int(string name) => String(name) is { } text ? ParseInt(name, text) : null;

    public override IReadOnlyList<string> StringList(string jsonName, string queryName)
    {
        var indexed = Indexed(queryName);
        var single = String(queryName);
        ParameterLimits.Check(jsonName, indexed.Count + (single is null ? 0 : 1));
        var items = new List<string>();
        foreach (var n in indexed)
        {
            if (values.TryGetValue($"{prefix}{queryName}.{n}", out var item))
            {
                items.Add(item);
            }
        }

        if (single is not null)
        {
            items.Add(single);
        }

        return items;
    }

    public override IReadOnlyDictionary<string, string> StringMap(string jsonName, string queryPrefix, string keyName, string valueName)
    {
        var indexed = Indexed(queryPrefix);
        ParameterLimits.Check(jsonName, indexed.Count);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var n in indexed)
        {
            var entry = Child($"{queryPrefix}.{n}.");
            var key = entry.String(keyName) ?? throw SqsErrors.MissingParameter($"{queryPrefix}.{n}.{keyName}");
            map[key] = entry.String(valueName) ?? throw SqsErrors.MissingParameter($"{queryPrefix}.{n}.{valueName}");
        }

        return map;
    }

    public override IReadOnlyDictionary<string, MessageAttributeValue> AttributeValues(string jsonName, string queryPrefix)
    {
        var indexed = Indexed(queryPrefix);
        ParameterLimits.Check(jsonName, indexed.Count);
        var map = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal);
        foreach (var n in indexed)
        {
            var entry = Child($"{queryPrefix}.{n}.");
            var name = entry.String("Name") ?? throw SqsErrors.MissingParameter($"{queryPrefix}.{n}.Name");
            if (entry.Indexed("Value.StringListValue").Count > 0 || entry.Indexed("Value.BinaryListValue").Count > 0)
            {
                throw SqsErrors.InvalidParameterValue($"Message attribute list values in '{name}' are not supported.");
            }

            map[name] = new MessageAttributeValue(
                entry.String("Value.DataType") ?? string.Empty, entry.String("Value.StringValue"), Base64(entry.String("Value.BinaryValue")));
        }

        return map;
    }

    public override IReadOnlyList<SqsParameters> Entries(string jsonName, string queryPrefix)
    {
        var indexed = Indexed(queryPrefix);
        ParameterLimits.Check(jsonName, indexed.Count);
        return indexed.Select(n => (SqsParameters)Child($"{queryPrefix}.{n}.")).ToList();
    }

    private QueryParameters Child(string childPrefix) => new(values, indexes, prefix + childPrefix);

    /// <summary>The indexes N present under <c>name.N…</c>, in numeric order.</summary>
    private SortedSet<int> Indexed(string name) =>
        indexes.TryGetValue(prefix + name, out var found) ? found : None;

    /// <summary>
    /// Records, for the first <c>.N</c> segments of <paramref name="name"/>, N under the text before it. No valid name
    /// nests deeper than <see cref="MaxNesting"/> lists, so deeper segments are never looked up and not indexed.
    /// </summary>
    private static void AddIndexes(Dictionary<string, SortedSet<int>> indexes, string name)
    {
        var found = 0;
        for (var dot = name.IndexOf('.', StringComparison.Ordinal); dot >= 0 && found < MaxNesting; dot = name.IndexOf('.', dot + 1))
        {
            var rest = name.AsSpan(dot + 1);
            var end = rest.IndexOf('.');
            var digits = end < 0 ? rest : rest[..end];
            if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index >= 1)
            {
                var key = name[..dot];
                if (!indexes.TryGetValue(key, out var set))
                {
                    indexes[key] = set = [];
                }

                set.Add(index);
                found++;
            }
        }
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
