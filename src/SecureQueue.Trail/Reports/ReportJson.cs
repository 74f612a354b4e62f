using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecureQueue.Trail.Reports;

/// <summary>The report as JSON, in the shape <c>report.schema.json</c> (beside this file, embedded in the assembly) documents.</summary>
public static class ReportJson
{
    public const string SchemaResource = "SecureQueue.Trail.Reports.report.schema.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static string Serialize(ComplianceReport report) => JsonSerializer.Serialize(report, Options);

    /// <summary>The JSON Schema of the output, for tests and for readers who want it beside a report.</summary>
    public static string Schema()
    {
        using var stream = typeof(ReportJson).Assembly.GetManifestResourceStream(SchemaResource)
            ?? throw new InvalidOperationException($"The resource {SchemaResource} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
