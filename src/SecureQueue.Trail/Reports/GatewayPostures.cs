using System.Security.Authentication;
using SecureQueue.Gateway;
using SecureQueue.Gateway.Hosting;
using SecureQueue.Policies.Documents;
using SecureQueue.Policies.Linting;

namespace SecureQueue.Trail.Reports;

/// <summary>The guardrails in force, the listeners and their TLS versions, and the client-certificate and JWT settings.</summary>
internal static class GatewayPostures
{
    /// <param name="textOf">The text a guardrail was compiled from (its file).</param>
    public static GatewayPosture Evaluate(GatewayConfiguration configuration, Func<PolicyDocument, string> textOf, IReadOnlyList<string> requiredTags)
    {
        var options = configuration.Options;
        var guardrails = configuration.Guardrails.Documents.Select(d => (Document: d, Text: textOf(d))).ToList();
        var evidence = new List<string>();
        if (!options.AllowPlainHttp)
        {
            evidence.Add("SecureQueue:AllowPlainHttp is false: the gateway refuses to start with, and drops requests on, a plain-HTTP listener");
        }

        evidence.AddRange(guardrails.Where(g => PolicyLinter.DeniesPlainHttp(g.Document, g.Text))
            .Select(g => $"guardrail {g.Document.Source} denies every SQS action when aws:SecureTransport is false"));
        var clientCertificates = configuration.ClientCertificates;
        return new GatewayPosture(
            [.. configuration.Listeners.Select(l => new ListenerView(l, l.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))],
            Protocols(GatewayTls.Protocols),
            options.AllowPlainHttp,
            evidence.Count > 0,
            evidence,
            clientCertificates.Mode.ToString(),
            string.IsNullOrWhiteSpace(clientCertificates.CaBundleFile) ? null : clientCertificates.CaBundleFile,
            [.. configuration.JwtIssuerOptions.Select(i => new JwtIssuerView(i.Issuer, i.Audiences, i.AcceptedAlgorithms))],
            [.. guardrails.Select(g => IdentityPostures.Policy(g.Document, g.Text))],
            options.MaxClockSkewSeconds,
            options.AllowOwnerRole,
            requiredTags);
    }

    private static List<string> Protocols(SslProtocols protocols) =>
    [
        .. protocols.HasFlag(SslProtocols.Tls12) ? ["TLSv1.2"] : Array.Empty<string>(),
        .. protocols.HasFlag(SslProtocols.Tls13) ? ["TLSv1.3"] : Array.Empty<string>(),
    ];
}
