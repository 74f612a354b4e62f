using SecureQueue.Log.Events;
using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using SecureQueue.Log;
using SecureQueue.Trail.Reports;

namespace SecureQueue.Cli.Commands;

/// <summary>
/// <c>secq report</c>: the compliance report (issue 10 §4) as self-contained HTML or as JSON. The gateway's configuration is
/// read as <c>secq serve</c> reads it (appsettings.json, <c>SecureQueue__*</c> environment, <c>--Section:Key=value</c>).
/// Exit codes as <c>secq audit verify</c>: 0 written and the log intact; 1 written and the log tampered; 2 usage or I/O error.
/// Each run is first recorded as an audited event (<see cref="OperatorAudit"/>): a run that cannot record itself writes no report.
/// </summary>
internal static class ReportCommand
{
    public const int Written = 0;
    public const int Tampered = 1;
    public const int UsageError = 2;

    public static Command Create() => new Command(
        "report",
        "The compliance report: verifies the whole log (as secq audit verify), and shows per queue encryption, tags and public or cross-account " +
        "access (Security Hub SQS.1-3); per identity policies, findings, last use and unused credentials; guardrails, listeners and TLS; audit " +
        "coverage over the period; and PCI DSS 10 / SOC 2 rows with their evidence. It never holds message bodies, attribute values, secrets or " +
        "policy documents. Gateway configuration is given as --Section:Key=value, as for secq serve. " +
        "Exit codes: 0 written, log intact; 1 written, log tampered; 2 usage, configuration or I/O error.")
    {
        AuditCommand.Connection(),
        Declare.Value("--from", "T", "start of the period, ISO 8601 or epoch seconds (default: 30 days before --to-time)"),
        Declare.Value("--to-time", "T", "end of the period, exclusive (default: now)"),
        Declare.Value("--to", "T", "the same as --to-time"),
        Declare.Value("--format", "html|json", "self-contained HTML (inline CSS and SVG, prints on A4) or JSON (report.schema.json)"),
        Declare.Value("--out", "FILE", "where to write the report"),
        AuditCommand.Checkpoints(), AuditCommand.PublicKey(), AuditCommand.Key(),
        Declare.Repeated("--required-tag", "KEY", "a tag every queue must carry (SQS.2); also SecureQueue:Report:RequiredTags"),
    }.WithAction(RunAsync).PassingSettings();

    /// <summary><c>secq report ARGS</c> in-process, as tests and scripts call it.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) => SecqCommandLine.RunAsync(["report", .. args], output, error);

    private static async Task<int> RunAsync(CommandOptions parsed)
    {
        var (output, error) = (parsed.Output, parsed.Error);
        if (parsed.FirstNonSetting is { } unknown)
        {
            return parsed.Fail($"unknown option '{unknown}' (gateway configuration is given as --Section:Key=value)");
        }

        var settings = parsed.Passed.ToArray();
        var connection = parsed.One("--connection") ?? Environment.GetEnvironmentVariable("ConnectionStrings__SecureQueue");
        var format = parsed.One("--format");
        var file = parsed.One("--out");
        if (connection is null || format is not ("html" or "json") || file is null)
        {
            return parsed.Fail("report needs --connection (or ConnectionStrings__SecureQueue), --format html|json and --out FILE");
        }

        if (!TryTime(parsed.One("--to-time") ?? parsed.One("--to"), DateTimeOffset.UtcNow, out var to) || !TryTime(parsed.One("--from"), to.AddDays(-30), out var from))
        {
            return parsed.Fail("--from and --to-time take an ISO 8601 time (2026-11-01T00:00:00Z) or epoch seconds");
        }

        if (from >= to)
        {
            return parsed.Fail("--from must be before --to-time");
        }

        var checkpoints = parsed.One("--checkpoints") ?? Environment.GetEnvironmentVariable("SecureQueue__Audit__CheckpointFile");
        try
        {
            if (AuditVerifyCommand.PublicKey(parsed) is not { } publicKey)
            {
                return parsed.Fail("report needs --public-key or --key (or SecureQueue__CheckpointKeyFile) to check checkpoint signatures");
            }

            if (checkpoints is not null && !File.Exists(checkpoints))
            {
                return parsed.Fail($"checkpoint file '{checkpoints}' does not exist");
            }

            await using (var storage = OfflineStorage.Open(connection))
            {
                await OperatorAudit.RecordAsync(storage, "GenerateComplianceReport", EventTypes.ComplianceReportGenerated, "secq report", json =>
                {
                    json.WriteString("file", OperatorAudit.StoredPath(file));
                    json.WriteString("format", format);
                    json.WriteString("from", from);
                    json.WriteString("toTime", to);
                });
            }

            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = settings, ContentRootPath = Directory.GetCurrentDirectory() });
            var request = new ReportRequest(
                connection, new ReportPeriod(from, to), builder.Configuration, builder.Environment.ContentRootPath, publicKey, checkpoints, parsed.All("--required-tag"));
            var report = await ReportCollector.CollectAsync(request, TimeProvider.System, CancellationToken.None);
            await File.WriteAllTextAsync(file, format == "json" ? ReportJson.Serialize(report) : ReportHtml.Render(report));
            output.WriteLine(
                $"{format} report written to {file}: {report.Coverage.Calls} calls from {from:u} to {to:u}; audit log {(report.Integrity.Intact ? "intact" : "TAMPERED")}; " +
                $"{report.Queues.Count} queues, {report.Identities.Count} identities");
            return report.Integrity.Intact ? Written : Tampered;
        }
        catch (Exception exception) when (exception is DbException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Cannot read the log, a file or the configuration: the job is wrong, not the log.
            error.WriteLine($"secq report: {exception.Message}");
            return UsageError;
        }
    }

    private static bool TryTime(string? text, DateTimeOffset fallback, out DateTimeOffset time)
    {
        time = fallback;
        if (text is null)
        {
            return true;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 253402300799)
        {
            time = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }
}
