using System.Globalization;
using SecureQueue.Sqs.Errors;

namespace SecureQueue.Sqs.Protocol;

/// <summary>A message attribute value as SQS accepts it (list forms are reserved by AWS and rejected).</summary>
internal sealed record MessageAttributeValue(string DataType, string? StringValue, byte[]? BinaryValue);

/// <summary>
/// A request's parameters, whichever protocol carried them: JSON member names and their flattened Query
/// spellings decode into the same values, so each action parses one way.
/// </summary>
internal abstract class SqsParameters
{
    public abstract string? String(string name);

    public abstract IReadOnlyList<string> StringList(string jsonName, string queryName);

    public abstract IReadOnlyDictionary<string, string> StringMap(string jsonName, string queryPrefix, string keyName, string valueName);

    public abstract IReadOnlyDictionary<string, MessageAttributeValue> AttributeValues(string jsonName, string queryPrefix);

    public abstract IReadOnlyList<SqsParameters> Entries(string jsonName, string queryPrefix);

    /// <summary>An integer parameter; JSON carries a number, Query a decimal string.</summary>
    public abstract int? Int(string name);

    public string Required(string name) => String(name) ?? throw SqsErrors.MissingParameter(name);

    protected static int ParseInt(string name, string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw SqsErrors.InvalidParameter(name, value, "Must be an integer.");
}
