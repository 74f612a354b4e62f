using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Sqs.Messages;

/// <summary>SQS's limits on message bodies and attributes (characters, names, types, values, total size).</summary>
internal static partial class MessageValidation
{
    // "secq." names are the gateway's own (signatures on delivery); a sender may not forge them.

    /// <summary>Validates one message; returns its size as SQS counts it (body plus attribute names, types and values).</summary>
    public static int Validate(string? body, IReadOnlyDictionary<string, MessageAttributeValue> attributes, int maximumSize)
    {
        // AWS treats an empty body as a missing one.
        if (string.IsNullOrEmpty(body))
        {
            throw SqsErrors.MissingParameter("MessageBody");
        }

        CheckCharacters(body, "Invalid binary character in the message body.");
        ParameterLimits.Check("MessageAttributes", attributes.Count);
        var size = Encoding.UTF8.GetByteCount(body);
        foreach (var (name, value) in attributes)
        {
            size += ValidateAttribute(name, value);
        }

        return size <= maximumSize
            ? size
            : throw SqsErrors.InvalidParameterValue($"One or more parameters are invalid. Reason: Message must be shorter than {maximumSize} bytes.");
    }

    private static int ValidateAttribute(string name, MessageAttributeValue value)
    {
        if (name.Length is 0 or > 256 || !AttributeNamePattern().IsMatch(name) || name.StartsWith('.') || name.EndsWith('.') || name.Contains("..", StringComparison.Ordinal)
            || name.StartsWith("aws.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("amazon.", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("secq.", StringComparison.OrdinalIgnoreCase))
        {
            throw SqsErrors.InvalidParameterValue($"Message (user) attribute name '{name}' is invalid.");
        }

        if (value.DataType.Length is 0)
        {
            throw SqsErrors.InvalidParameterValue($"The message attribute '{name}' must contain non-empty message attribute type.");
        }

        var baseType = value.DataType.Split('.', 2)[0];
        if (value.DataType.Length > 256 || baseType is not ("String" or "Number" or "Binary") || !XmlCharacters.IsValid(value.DataType))
        {
            throw SqsErrors.InvalidParameterValue($"The type of message (user) attribute '{name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.");
        }

        int size = Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value.DataType);
        if (baseType == "Binary")
        {
            if (value.BinaryValue is not { Length: > 0 } || value.StringValue is not null)
            {
                throw SqsErrors.InvalidParameterValue($"Message (user) attribute '{name}' must contain a non-empty value of type 'Binary'.");
            }

            return size + value.BinaryValue.Length;
        }

        if (string.IsNullOrEmpty(value.StringValue) || value.BinaryValue is not null)
        {
            throw SqsErrors.InvalidParameterValue($"Message (user) attribute '{name}' must contain a non-empty value of type '{baseType}'.");
        }

        CheckCharacters(value.StringValue, $"Invalid binary character in message attribute '{name}'.");
        if (baseType == "Number" && !IsNumber(value.StringValue))
        {
            throw SqsErrors.InvalidParameterValue($"Can't cast the value of message (user) attribute '{name}' to a number.");
        }

        return size + Encoding.UTF8.GetByteCount(value.StringValue);
    }

    /// <summary>Only #x9 #xA #xD #x20–#xD7FF #xE000–#xFFFD #x10000–#x10FFFF; a lone surrogate is never allowed.</summary>
    public static void CheckCharacters(string text, string message)
    {
        if (!XmlCharacters.IsValid(text))
        {
            throw SqsErrors.InvalidMessageContents(message);
        }
    }

    // Up to 38 significant digits, exponent within 10^-128..10^+126.
    private static bool IsNumber(string text)
    {
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        var digits = text.TakeWhile(c => c is not ('e' or 'E')).Count(char.IsAsciiDigit);
        return digits <= 38 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && (number == 0 || Math.Abs(number) is >= 1e-128 and <= 1e126);
    }

    // \z, not $: "$" also matches before a final newline, which would let "name\n" through.
    [GeneratedRegex(@"^[A-Za-z0-9_.-]+\z")]
    private static partial Regex AttributeNamePattern();
}
