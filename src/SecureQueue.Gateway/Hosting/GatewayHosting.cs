using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureQueue.Crypto.Keys;
using SecureQueue.Crypto.Receipts;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using SecureQueue.Gateway.Authentication;
using SecureQueue.Gateway.Authentication.Certificates;
using SecureQueue.Gateway.Authentication.Jwt;
using SecureQueue.Gateway.Authentication.SigV4;
using SecureQueue.Gateway.Authorization;
using SecureQueue.Gateway.Calls;
using SecureQueue.Gateway.Identity;
using SecureQueue.Gateway.Keys;
using SecureQueue.Gateway.Telemetry;
using SecureQueue.Log;
using SecureQueue.Log.Audit;

namespace SecureQueue.Gateway.Hosting;

/// <summary>Wires the gateway into an ASP.NET Core host; every missing or unsafe security setting stops start-up here.</summary>
public static class GatewayHosting
{
    public static WebApplicationBuilder AddSecureQueue(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var contentRoot = builder.Environment.ContentRootPath;
        var settings = GatewayConfiguration.Load(configuration, contentRoot);
        var options = settings.Options;

        var connectionString = configuration.GetConnectionString("SecureQueue");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("ConnectionStrings:SecureQueue is required (ConnectionStrings__SecureQueue in the environment).");
        }

        if (options.AccessReloadSeconds == 0 && HangUpSignal.Ignored())
        {
            throw new InvalidOperationException(
                "SecureQueue:AccessReloadSeconds is 0 (reload only on SIGHUP), but this process ignores SIGHUP (started under nohup?): "
                + "revoked credentials would never be reloaded. Start it without nohup, or set a reload interval.");
        }

        var masterKeyFile = Path.GetFullPath(options.MasterKeyFile, contentRoot);
        var masterKey = MasterKey.FromFile(masterKeyFile);
        KeyFamilies LoadKeys() => KeyConfiguration.Load(configuration, masterKey, masterKeyFile, contentRoot);
        var keyFamilies = LoadKeys();
        var identities = settings.Identities;
        var certificate = TlsCertificate.Load(configuration, contentRoot);
        var guardrails = settings.Guardrails;
        var jwtIssuers = settings.JwtIssuers;
        var clientCertificates = settings.ClientCertificates;
        var certificateValidator = clientCertificates.Mode == ClientCertificateMode.NoCertificate
            ? null
            : ClientCertificateValidator.Load(Path.GetFullPath(clientCertificates.CaBundleFile, contentRoot));
        var checkpoints = CheckpointSettings.Load(configuration, contentRoot);
        var (opsOptions, opsAddress) = TelemetryHosting.Load(configuration);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
            kestrel.Limits.MaxConcurrentConnections = options.MaxConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = options.MaxConnections;
            kestrel.ConfigureHttpsDefaults(https =>
            {
                https.ServerCertificate = certificate;
                https.SslProtocols = GatewayTls.Protocols;
                https.ClientCertificateMode = clientCertificates.Mode;
                // Without a CA bundle no certificate can be trusted, so none is accepted.
                var refusals = new CertificateRefusals(kestrel.ApplicationServices.GetRequiredService<ILogger<ClientCertificateValidator>>());
                https.ClientCertificateValidation = certificateValidator is null ? (_, _, _) => false : (certificate, _, _) => refusals.Accepts(certificateValidator, certificate);
            });
        });

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(settings);
        services.AddSingleton<PlainHttpListeners>();
        services.AddHostedService(sp => sp.GetRequiredService<PlainHttpListeners>());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(masterKey);
        services.AddSingleton(new IdentitySource(identities, () => IdentityStore.Load(options, contentRoot)));
        services.AddSingleton<AccessReloadService>();
        services.AddHostedService(sp => sp.GetRequiredService<AccessReloadService>());
        services.AddSingleton<ReceiptHandleCodec>();
        services.AddSecureQueueLog(connectionString, options.AllowOwnerRole, checkpoints);
        services.AddSingleton(sp => new KeySource(keyFamilies, LoadKeys, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<KeySource>>()));
        services.AddSingleton<KeyService>();
        services.AddHostedService<KeyCheckService>();
        services.AddHostedService<KeyReloadService>();
        services.AddHostedService<RetentionSweeper>();
        services.AddSingleton<PurgeSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<PurgeSweeper>());
        var sigV4 = new SigV4Options(options.Region) { Regions = options.ServedRegions, MaxClockSkew = TimeSpan.FromSeconds(options.MaxClockSkewSeconds) };
        sigV4.Validate();
        services.AddSingleton(sp => new SigV4Verifiers(sigV4, sp.GetRequiredService<IdentitySource>().SecretFor, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SigV4Authenticator>();
        var jwtKeys = new JwtKeySource(jwtIssuers, () => JwtIssuers.Load(settings.JwtIssuerOptions, contentRoot));
        services.AddSingleton(jwtKeys);
        JwtAuthenticator.Register(services, jwtKeys);
        services.AddSingleton<JwtAuthenticator>();
        services.AddSingleton<CertificateAuthenticator>();
        services.AddSingleton<CallerAuthenticator>();
        services.AddSingleton(new GuardrailSource(guardrails, () => Guardrails.Load(options.GuardrailsDirectory, contentRoot)));
        services.AddSingleton<QueuePolicies>();
        services.AddSingleton<Authorizer>();
        services.AddSingleton<CallPipeline>();
        services.AddSingleton<Microsoft.AspNetCore.Routing.MatcherPolicy, TargetPrefixMatcherPolicy>();
        services.AddGatewayTelemetry(configuration, opsOptions, opsAddress, certificate);
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<StartupReport>(sp, certificate));
        return builder;
    }

    /// <summary>The gateway's own middleware; each protocol module maps its endpoints after this (e.g. <c>MapSqs</c>).</summary>
    public static WebApplication MapSecureQueue(this WebApplication app)
    {
        app.Use(app.Services.GetRequiredService<PlainHttpListeners>().GuardAsync);
        return app;
    }
}

/// <summary>The server certificate from <c>SecureQueue:Tls:CertificateFile</c> and <c>KeyFile</c> (PEM).</summary>
internal static class TlsCertificate
{
    public static X509Certificate2 Load(IConfiguration configuration, string contentRoot)
    {
        var certificateFile = configuration["SecureQueue:Tls:CertificateFile"];
        var keyFile = configuration["SecureQueue:Tls:KeyFile"];
        if (string.IsNullOrWhiteSpace(certificateFile) || string.IsNullOrWhiteSpace(keyFile))
        {
            throw new InvalidOperationException("SecureQueue:Tls:CertificateFile and SecureQueue:Tls:KeyFile are required: the gateway serves HTTPS.");
        }

        var keyPath = Path.GetFullPath(keyFile, contentRoot);
        var keyBytes = SecretFile.ReadAllBytes(keyPath, "SecureQueue:Tls:KeyFile");
        var keyPem = Encoding.UTF8.GetChars(keyBytes);
        try
        {
            using var pem = X509Certificate2.CreateFromPem(File.ReadAllText(Path.GetFullPath(certificateFile, contentRoot)), keyPem);
            // Re-import so the key is usable by SslStream on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception exception) when (exception is CryptographicException or IOException)
        {
            throw new InvalidOperationException($"SecureQueue:Tls:CertificateFile/KeyFile could not be loaded: {exception.Message}", exception);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyBytes);
            Array.Clear(keyPem);
        }
    }
}
