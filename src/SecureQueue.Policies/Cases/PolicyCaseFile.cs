using System.Text;
using SecureQueue.Policies.Documents;

namespace SecureQueue.Policies.Cases;

/// <summary>The cases of one file and every error found in it; the valid cases are kept so one bad case does not hide the rest.</summary>
public sealed class PolicyCaseFileResult
{
    internal PolicyCaseFileResult(IReadOnlyList<PolicyCase> cases, IReadOnlyList<PolicyError> errors)
    {
        Cases = cases;
        Errors = errors;
    }

    public IReadOnlyList<PolicyCase> Cases { get; }

    public IReadOnlyList<PolicyError> Errors { get; }

    public bool Succeeded => Errors.Count == 0;
}

/// <summary>Parses <c>*.cases.json</c>: a JSON array of case objects (format in <c>policies/README.md</c>). Never throws for any input.</summary>
public static class PolicyCaseFile
{
    /// <summary>Largest accepted case file in characters; far above any hand-written file.</summary>
    public const int MaxLength = 4 * 1024 * 1024;

    public static PolicyCaseFileResult Parse(string json, string source)
    {
        source ??= "";
        var text = json ?? "";
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        var utf8 = Encoding.UTF8.GetBytes(text.Length > MaxLength ? "" : text);
        var positions = new TextPositions(utf8);
        var errors = new ParseErrorSink(source, positions);
        if (text.Length > MaxLength || string.IsNullOrWhiteSpace(text))
        {
            errors.Add(PolicyCaseCodes.InvalidCaseFile, text.Length > MaxLength ? $"The case file is longer than {MaxLength} characters." : "The case file is empty.", 0, "");
            return new PolicyCaseFileResult([], errors.Errors);
        }

        var root = JsonTreeReader.Read(utf8, errors);
        if (root is null)
        {
            return new PolicyCaseFileResult([], errors.Errors);
        }

        if (root.Kind != JsonKind.Array || root.Items.Count == 0)
        {
            errors.Add(PolicyCaseCodes.InvalidCaseFile, $"A case file must be a non-empty JSON array of cases, not {(root.Kind == JsonKind.Array ? "an empty array" : root.Describe())}.", root.Offset, "");
            return new PolicyCaseFileResult([], errors.Errors);
        }

        var cases = new List<PolicyCase>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < root.Items.Count; i++)
        {
            var reader = new PolicyCaseReader(root.Items[i], $"[{i}]", errors);
            var read = reader.Read();
            if (reader.Name is { } name && !names.Add(name))
            {
                errors.Add(PolicyCaseCodes.DuplicateName, $"Another case in this file is named \"{name}\".", root.Items[i].Offset, $"[{i}].name");
                continue;
            }

            if (read is null)
            {
                continue;
            }

            var (line, column) = positions.At(root.Items[i].Offset);
            cases.Add(read with { Source = source, Line = line, Column = column });
        }

        // Errors are found field by field; sorted, they read top to bottom like the file.
        return new PolicyCaseFileResult(cases, [.. errors.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
    }
}
