namespace SecureQueue.Policies.Documents;

/// <summary>Collects every error of one parse, located in the source text; bounded so hostile input cannot flood it.</summary>
internal sealed class ParseErrorSink(string source, TextPositions positions)
{
    private const int MaxErrors = 200;
    private readonly List<PolicyError> errors = [];

    public int Count => errors.Count;

    public IReadOnlyList<PolicyError> Errors => errors;

    public void Add(string code, string message, long offset, string path)
    {
        var (line, column) = positions.At(offset);
        Append(code, message, line, column, path);
    }

    public void AddAtLine(string code, string message, long zeroBasedLine, long bytePositionInLine)
    {
        var (line, column) = positions.AtLine(zeroBasedLine, bytePositionInLine);
        Append(code, message, line, column, "");
    }

    private void Append(string code, string message, int line, int column, string path)
    {
        if (errors.Count < MaxErrors)
        {
            errors.Add(new PolicyError(code, message, source, line, column, path));
        }
        else if (errors.Count == MaxErrors)
        {
            errors.Add(new PolicyError(
                PolicyErrorCodes.TooManyErrors, $"More than {MaxErrors} errors; the rest are not reported.", source, line, column, path));
        }
    }
}
