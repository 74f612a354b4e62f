namespace SecureQueue.Cli.Commands;

/// <summary>The options of one policy or audit command: positional paths, flags, and repeatable <c>--name value</c> options.</summary>
internal sealed class PolicyArguments
{
    private readonly Dictionary<string, List<string>> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> flags = new(StringComparer.Ordinal);

    public List<string> Paths { get; } = [];

    public bool Has(string flag) => flags.Contains(flag);

    public IReadOnlyList<string> All(string option) => values.TryGetValue(option, out var list) ? list : [];

    /// <summary>The option's last value (a later one overrides an earlier one, as on most command lines), or null.</summary>
    public string? One(string option) => All(option) is [.., var last] ? last : null;

    /// <summary>Parses <paramref name="args"/>; reports the first problem through <paramref name="fail"/> (default: policy usage) and returns null on an unknown option or a missing value.</summary>
    public static PolicyArguments? Parse(
        string[] args, IReadOnlySet<string> knownFlags, IReadOnlySet<string> knownOptions, TextWriter error, Func<TextWriter, string, int>? fail = null)
    {
        fail ??= PolicyCommand.Fail;
        var parsed = new PolicyArguments();
        var positionalOnly = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (positionalOnly || !arg.StartsWith("--", StringComparison.Ordinal))
            {
                parsed.Paths.Add(arg);
                continue;
            }

            if (arg == "--")
            {
                positionalOnly = true;
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (knownFlags.Contains(name) && equals < 0)
            {
                parsed.flags.Add(name);
            }
            else if (knownOptions.Contains(name))
            {
                string? value = equals >= 0 ? arg[(equals + 1)..] : i + 1 < args.Length ? args[++i] : null;
                if (value is null)
                {
                    fail(error, $"{name} needs a value");
                    return null;
                }

                if (!parsed.values.TryGetValue(name, out var list))
                {
                    parsed.values[name] = list = [];
                }

                list.Add(value);
            }
            else
            {
                fail(error, $"unknown option '{arg}'");
                return null;
            }
        }

        return parsed;
    }
}
