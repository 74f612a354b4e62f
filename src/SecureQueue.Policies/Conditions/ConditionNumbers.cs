using System.Globalization;

namespace SecureQueue.Policies.Conditions;

/// <summary>Parses Numeric condition values: integers or decimals, invariant culture, no thousands separators.</summary>
internal static class ConditionNumbers
{
    public static bool TryParse(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
}
