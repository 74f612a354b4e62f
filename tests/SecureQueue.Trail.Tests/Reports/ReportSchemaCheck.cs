using System.Text.Json;
using Json.Schema;
using SecureQueue.Trail.Reports;

namespace SecureQueue.Trail.Tests.Reports;

/// <summary>Validates report JSON against the schema shipped in the assembly (report.schema.json), formats included.</summary>
public static class ReportSchemaCheck
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(ReportJson.Schema()));

    /// <summary>Every place the document breaks the schema; empty when it conforms.</summary>
    public static IReadOnlyList<string> Errors(string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return result.IsValid
            ? []
            : [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }
}
