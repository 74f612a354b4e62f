using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SecureQueue.Cli.Commands;

/// <summary>Writes one indented JSON document to a text writer, for <c>--json</c>.</summary>
internal static class PolicyJsonOutput
{
    // Policies are full of '+', '<' and quotes; the relaxed encoder keeps them readable, and the output is never embedded in HTML.
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            write(json);
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static void WriteStrings(this Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    public static void WritePosition(this Utf8JsonWriter json, string name, int line, int column)
    {
        json.WriteStartObject(name);
        json.WriteNumber("Line", line);
        json.WriteNumber("Column", column);
        json.WriteEndObject();
    }

    /// <summary>Writes grammar or case-file errors as <c>name: [{code, message, line, column, path}]</c>.</summary>
    public static void WriteErrors(this Utf8JsonWriter json, string name, IEnumerable<SecureQueue.Policies.Documents.PolicyError> errors)
    {
        json.WriteStartArray(name);
        foreach (var e in errors)
        {
            json.WriteStartObject();
            json.WriteString("code", e.Code);
            json.WriteString("message", e.Message);
            json.WriteNumber("line", e.Line);
            json.WriteNumber("column", e.Column);
            json.WriteString("path", e.Path);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
