using System.Text;
using SecureQueue.Policies.Documents;

namespace SecureQueue.Policies.Linting;

/// <summary>
/// A canonical text for a statement, for finding identical ones: members sorted, arrays sorted (every policy array is a
/// set), a one-item array equal to its item, scalars compared as text (IAM reads <c>true</c> and <c>"true"</c> alike), Sid left out.
/// </summary>
internal static class CanonicalJson
{
    public static string OfStatement(JsonNode statement)
    {
        var builder = new StringBuilder();
        Write(builder, statement, skipSid: true);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonNode node, bool skipSid = false)
    {
        switch (node.Kind)
        {
            case JsonKind.Object:
                builder.Append('{');
                foreach (var member in node.Members.Where(m => !(skipSid && m.Name == "Sid")).OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    Quote(builder, member.Name).Append(':');
                    Write(builder, member.Value);
                    builder.Append(',');
                }

                builder.Append('}');
                break;
            case JsonKind.Array when node.Items.Count == 1:
                Write(builder, node.Items[0]);
                break;
            case JsonKind.Array:
                var items = node.Items.Select(i =>
                {
                    var item = new StringBuilder();
                    Write(item, i);
                    return item.ToString();
                }).Order(StringComparer.Ordinal);
                builder.Append('[').AppendJoin(',', items).Append(']');
                break;
            case JsonKind.Null:
                builder.Append("null");
                break;
            default:
                Quote(builder, node.Text!);
                break;
        }
    }

    private static StringBuilder Quote(StringBuilder builder, string text) =>
        builder.Append('"').Append(text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
}
