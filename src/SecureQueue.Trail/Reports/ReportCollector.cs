using System.Reflection;
using Microsoft.Extensions.Configuration;
using SecureQueue.Crypto.Keys;
using SecureQueue.Gateway.Hosting;
using SecureQueue.Gateway.Keys;
using SecureQueue.Log;
using SecureQueue.Log.Queues;
using SecureQueue.Policies.Documents;

namespace SecureQueue.Trail.Reports;

/// <summary>
/// What a report is made from: the gateway's configuration (read as <c>secq serve</c> reads it), the database, the
/// checkpoint key's public key and, when given, the checkpoint file outside the database.
/// </summary>
public sealed record ReportRequest(
    string ConnectionString, ReportPeriod Period, IConfiguration Configuration, string ContentRoot, byte[] CheckpointPublicKey, string? CheckpointFile,
    IReadOnlyList<string> RequiredTags);

/// <summary>Gathers a <see cref="ComplianceReport"/>: loads the configuration, verifies the log, and reads the aggregates.</summary>
public static class ReportCollector
{
    /// <summary>Required tag keys for SQS.2 (<c>SecureQueue:Report:RequiredTags:N</c>), beside any given on the command line.</summary>
    public const string RequiredTagsSetting = "SecureQueue:Report:RequiredTags";

    public static async Task<ComplianceReport> CollectAsync(ReportRequest request, TimeProvider time, CancellationToken cancellationToken)
    {
        var gateway = GatewayConfiguration.Load(request.Configuration, request.ContentRoot);
        var options = gateway.Options;
        var masterKeyFile = Path.GetFullPath(options.MasterKeyFile, request.ContentRoot);
        var families = KeyConfiguration.Load(request.Configuration, MasterKey.FromFile(masterKeyFile), masterKeyFile, request.ContentRoot);
        var required = (request.Configuration.GetSection(RequiredTagsSetting).Get<List<string>>() ?? []).Concat(request.RequiredTags)
            .Distinct(StringComparer.Ordinal).ToList();
        var period = request.Period;

        await using var storage = OfflineStorage.Open(request.ConnectionString);
        var chain = await storage.Chain.VerifyAsync(1, request.CheckpointPublicKey, request.CheckpointFile, null, cancellationToken);
        var groups = await storage.Activity.CallGroupsAsync(period.From, period.To, cancellationToken);
        var lastUses = await storage.Activity.LastUsesAsync(cancellationToken);
        var sealing = await storage.Activity.SealingAsync(period.From, period.To, cancellationToken);
        var checkpoint = await storage.Activity.LastCheckpointAsync(cancellationToken);
        var queues = await storage.QueueReader.AllAsync(options.AccountId, cancellationToken);
        var dataKeys = await storage.DataKeys.NewestPerQueueAsync(cancellationToken);
        var now = time.GetUtcNow();

        var policiesDirectory = Path.GetFullPath(options.PoliciesDirectory, request.ContentRoot);
        var guardrailsDirectory = string.IsNullOrWhiteSpace(options.GuardrailsDirectory) ? null : Path.GetFullPath(options.GuardrailsDirectory, request.ContentRoot);
        var integrity = Integrity.From(chain, sealing, checkpoint, request.CheckpointFile is not null, now);
        var coverage = Coverage.From(groups);
        var queuePostures = queues.Select(q => QueuePostures.Evaluate(q, q.Region, required, KeyFacts(q, families, dataKeys), now)).ToList();
        var identities = IdentityPostures.Evaluate(
            gateway.Identities.Listing, d => File.ReadAllText(Path.GetFullPath(d.Source, policiesDirectory)), lastUses, groups, period);
        var gatewayPosture = GatewayPostures.Evaluate(gateway, d => GuardrailText(d, guardrailsDirectory), required);
        return new ComplianceReport(
            ComplianceReport.CurrentFormat, now, period, options.AccountId, options.Region, Version(), integrity, coverage, queuePostures, identities, gatewayPosture,
            Requirements.For(integrity, coverage, queuePostures, identities, gatewayPosture));
    }

    private static QueueKeyFacts KeyFacts(
        QueueRecord queue, KeyFamilies families, IReadOnlyDictionary<long, (string Keyring, int KekVersion, DateTimeOffset CreatedAt)> dataKeys)
    {
        var keyId = queue.Attributes.GetValueOrDefault("KmsMasterKeyId") is { Length: > 0 } id ? id : QueuePostures.AwsManagedKey;
        Keyring? keyring;
        try
        {
            keyring = families.Resolve(keyId);
        }
        catch (KmsKeyNotFoundException)
        {
            keyring = null;
        }

        var current = keyring?.Versions.FirstOrDefault(v => v.IsCurrent);
        var hasKey = dataKeys.TryGetValue(queue.QueueId, out var dataKey);
        return new QueueKeyFacts(keyring is not null, keyring?.Name ?? (hasKey ? dataKey.Keyring : null), current?.Version, current?.Created, hasKey ? dataKey.CreatedAt : null);
    }

    // Guardrails are named "guardrails/<path under the directory>" when loaded.
    private static string GuardrailText(PolicyDocument document, string? directory) =>
        File.ReadAllText(Path.GetFullPath(document.Source["guardrails/".Length..], directory ?? throw new InvalidOperationException("No guardrails directory is configured.")));

    private static string Version() =>
        typeof(ReportCollector).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
