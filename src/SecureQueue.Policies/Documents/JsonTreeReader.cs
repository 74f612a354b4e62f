using System.Text;
using System.Text.Json;

namespace SecureQueue.Policies.Documents;

/// <summary>
/// Reads a document into <see cref="JsonNode"/>s with source offsets, reporting duplicate keys and enforcing the depth and size
/// caps. JsonDocument is not used because it keeps no positions and silently accepts duplicate keys.
/// </summary>
internal static class JsonTreeReader
{
    public static JsonNode? Read(byte[] utf8, ParseErrorSink errors)
    {
        // The reader's own depth limit stays above ours so that ours, with its stable code, always fires first.
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            MaxDepth = PolicyDocument.MaxDepth + 8,
        });
        try
        {
            reader.Read();
            if (!TryReadValue(ref reader, errors, out var root))
            {
                return null;
            }

            // Anything but whitespace after the root value makes the reader throw: "… is invalid after a single JSON value".
            reader.Read();
            return root;
        }
        catch (JsonException e)
        {
            errors.AddAtLine(PolicyErrorCodes.JsonSyntaxError, Clean(e.Message), e.LineNumber ?? 0, e.BytePositionInLine ?? 0);
            return null;
        }
        catch (InvalidOperationException)
        {
            // GetString throws this for an escaped lone surrogate such as "\ud800", which the tokenizer lets through.
            errors.Add(PolicyErrorCodes.JsonSyntaxError, "A string contains an invalid escape sequence.", reader.TokenStartIndex, "");
            return null;
        }
    }

    private static bool TryReadValue(ref Utf8JsonReader reader, ParseErrorSink errors, out JsonNode node)
    {
        var offset = reader.TokenStartIndex;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                if (reader.CurrentDepth >= PolicyDocument.MaxDepth)
                {
                    errors.Add(PolicyErrorCodes.JsonTooDeep, $"JSON nests deeper than {PolicyDocument.MaxDepth} levels.", offset, "");
                    node = null!;
                    return false;
                }

                return reader.TokenType == JsonTokenType.StartObject
                    ? TryReadObject(ref reader, errors, out node)
                    : TryReadArray(ref reader, errors, out node);
            case JsonTokenType.String:
                node = new JsonNode { Kind = JsonKind.String, Offset = offset, Text = reader.GetString() };
                return true;
            case JsonTokenType.Number:
                node = new JsonNode { Kind = JsonKind.Number, Offset = offset, Text = Encoding.UTF8.GetString(reader.ValueSpan) };
                return true;
            case JsonTokenType.True:
                node = new JsonNode { Kind = JsonKind.True, Offset = offset, Text = "true" };
                return true;
            case JsonTokenType.False:
                node = new JsonNode { Kind = JsonKind.False, Offset = offset, Text = "false" };
                return true;
            default:
                node = new JsonNode { Kind = JsonKind.Null, Offset = offset };
                return true;
        }
    }

    private static bool TryReadObject(ref Utf8JsonReader reader, ParseErrorSink errors, out JsonNode node)
    {
        var offset = reader.TokenStartIndex;
        var members = new List<JsonMember>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        node = null!;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            var nameOffset = reader.TokenStartIndex;
            reader.Read();
            if (!TryReadValue(ref reader, errors, out var value))
            {
                return false;
            }

            if (++count > PolicyDocument.MaxContainerItems)
            {
                ReportTooLarge(errors, count, offset, "object", "members");
            }
            else if (!seen.Add(name))
            {
                errors.Add(PolicyErrorCodes.DuplicateKey, $"Duplicate key \"{name}\".", nameOffset, "");
            }
            else
            {
                members.Add(new JsonMember(name, nameOffset, value));
            }
        }

        node = new JsonNode { Kind = JsonKind.Object, Offset = offset, Members = members };
        return true;
    }

    private static bool TryReadArray(ref Utf8JsonReader reader, ParseErrorSink errors, out JsonNode node)
    {
        var offset = reader.TokenStartIndex;
        var items = new List<JsonNode>();
        var count = 0;
        node = null!;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!TryReadValue(ref reader, errors, out var item))
            {
                return false;
            }

            // Items past the cap are still read, so later syntax errors are found, but not kept.
            if (++count > PolicyDocument.MaxContainerItems)
            {
                ReportTooLarge(errors, count, offset, "array", "items");
            }
            else
            {
                items.Add(item);
            }
        }

        node = new JsonNode { Kind = JsonKind.Array, Offset = offset, Items = items };
        return true;
    }

    private static void ReportTooLarge(ParseErrorSink errors, int count, long offset, string container, string entries)
    {
        if (count == PolicyDocument.MaxContainerItems + 1)
        {
            errors.Add(
                PolicyErrorCodes.ContainerTooLarge,
                $"A JSON {container} holds more than {PolicyDocument.MaxContainerItems} {entries}.",
                offset,
                "");
        }
    }

    // Reader messages end with zero-based " LineNumber: 0 | BytePositionInLine: 5."; our error carries 1-based positions.
    private static string Clean(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }
}
