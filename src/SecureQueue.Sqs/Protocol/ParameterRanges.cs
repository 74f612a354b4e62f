using System.Globalization;
using SecureQueue.Sqs.Errors;

namespace SecureQueue.Sqs.Protocol;

internal static class ParameterRanges
{
    /// <summary>An optional integer that must lie in [min, max]; AWS's "Value … is invalid. Reason: …" otherwise.</summary>
    public static int? IntInRange(this SqsParameters parameters, string name, int min, int max, string reason)
    {
        var value = parameters.Int(name);
        return value is null || (value >= min && value <= max)
            ? value
            : throw SqsErrors.InvalidParameter(name, value.Value.ToString(CultureInfo.InvariantCulture), reason);
    }
}
