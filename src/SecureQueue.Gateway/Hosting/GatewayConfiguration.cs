using Microsoft.Extensions.Configuration;
using SecureQueue.Gateway.Authentication.Certificates;
using SecureQueue.Gateway.Authentication.Jwt;
using SecureQueue.Gateway.Authorization;
using SecureQueue.Gateway.Identity;

namespace SecureQueue.Gateway.Hosting;

/// <summary>
/// The gateway's security settings read from configuration and checked once, as the host wires them up and as
/// <c>secq report</c> describes them: one loader, so the report never describes a configuration the gateway would read otherwise.
/// </summary>
public sealed record GatewayConfiguration(
    GatewayOptions Options,
    IdentityStore Identities,
    Guardrails Guardrails,
    IReadOnlyList<JwtIssuerOptions> JwtIssuerOptions,
    JwtIssuers JwtIssuers,
    ClientCertificateOptions ClientCertificates,
    IReadOnlyList<string> Listeners)
{
    /// <summary>Loads and validates; every missing or unsafe setting throws <see cref="InvalidOperationException"/> naming it.</summary>
    public static GatewayConfiguration Load(IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        options.Validate();
        PlainHttpListeners.CheckConfiguration(configuration, options);
        var issuers = configuration.GetSection("SecureQueue:Jwt:Issuers").Get<List<JwtIssuerOptions>>() ?? [];
        var clientCertificates = configuration.GetSection("SecureQueue:ClientCertificates").Get<ClientCertificateOptions>() ?? new ClientCertificateOptions();
        clientCertificates.Validate();
        return new GatewayConfiguration(
            options,
            IdentityStore.Load(options, contentRoot),
            Guardrails.Load(options.GuardrailsDirectory, contentRoot),
            issuers,
            JwtIssuers.Load(issuers, contentRoot),
            clientCertificates,
            PlainHttpListeners.Configured(configuration));
    }
}
