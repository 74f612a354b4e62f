namespace SecureQueue.Cli.Setup;

/// <summary>
/// Reads and replaces one section of an INI file (the AWS CLI's credentials and config files) and leaves every
/// other line as it was, so other profiles, comments and ordering survive.
/// </summary>
internal static class IniSections
{
    /// <returns>The text with every section named <paramref name="section"/> removed and one fresh copy appended.</returns>
    public static string Replace(string text, string section, IReadOnlyList<KeyValuePair<string, string>> entries)
    {
        var kept = new List<string>();
        var inReplacedSection = false;
        foreach (var line in text.Length == 0 ? [] : text.ReplaceLineEndings("\n").Split('\n'))
        {
            if (HeaderName(line) is { } name)
            {
                inReplacedSection = name == section;
            }

            if (!inReplacedSection)
            {
                kept.Add(line);
            }
        }

        while (kept.Count > 0 && kept[^1].Trim().Length == 0)
        {
            kept.RemoveAt(kept.Count - 1);
        }

        if (kept.Count > 0)
        {
            kept.Add(string.Empty);
        }

        kept.Add($"[{section}]");
        kept.AddRange(entries.Select(entry => $"{entry.Key} = {entry.Value}"));
        return string.Join('\n', kept) + "\n";
    }

    /// <returns>The keys and values of the last section named <paramref name="section"/>, or null when there is none.</returns>
    public static Dictionary<string, string>? Read(string text, string section)
    {
        Dictionary<string, string>? found = null;
        var inSection = false;
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            if (HeaderName(line) is { } name)
            {
                inSection = name == section;
                found = inSection ? new Dictionary<string, string>(StringComparer.Ordinal) : found;
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (inSection && equals > 0)
            {
                found![line[..equals].Trim()] = line[(equals + 1)..].Trim();
            }
        }

        return found;
    }

    private static string? HeaderName(string line)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= 2 && trimmed[0] == '[' && trimmed[^1] == ']' ? trimmed[1..^1].Trim() : null;
    }
}
