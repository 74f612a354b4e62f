namespace SecureQueue.Policies.Evaluation;

/// <summary>The condition keys of one request: case-insensitive names, each with one or more string values; immutable.</summary>
public sealed class RequestContext
{
    private readonly Dictionary<string, IReadOnlyList<string>> entries;

    /// <summary>Creates a context; throws if two keys differ only by case, since IAM treats them as one key.</summary>
    public RequestContext(IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        this.entries = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, values) in entries)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
            ArgumentNullException.ThrowIfNull(values);
            var copy = values.ToArray();
            if (Array.IndexOf(copy, null) >= 0)
            {
                throw new ArgumentException($"Condition key '{key}' has a null value.", nameof(entries));
            }

            if (!this.entries.TryAdd(key, copy))
            {
                throw new ArgumentException($"Condition key '{key}' appears twice (keys are case-insensitive).", nameof(entries));
            }
        }
    }

    /// <summary>A context with no keys.</summary>
    public static RequestContext Empty { get; } = new([]);

    /// <summary>The key names, as given.</summary>
    public IEnumerable<string> Keys => entries.Keys;

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="values"/>, replacing any value it had.</summary>
    public RequestContext With(string key, params string[] values)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(values);
        var copy = entries.Where(e => !string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase)).ToList();
        copy.Add(new KeyValuePair<string, IReadOnlyList<string>>(key, values));
        return new RequestContext(copy);
    }

    /// <summary>The values of a key, looked up case-insensitively; a key with no values counts as absent.</summary>
    public bool TryGetValues(string key, out IReadOnlyList<string> values)
    {
        if (entries.TryGetValue(key, out var found) && found.Count > 0)
        {
            values = found;
            return true;
        }

        values = [];
        return false;
    }
}
