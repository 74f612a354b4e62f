using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace SecureQueue.Gateway.Authentication.Certificates;

/// <summary>
/// <c>SecureQueue:ClientCertificates</c>: whether HTTPS listeners ask for client certificates (Kestrel's own
/// <c>Kestrel:Endpoints:NAME:ClientCertificateMode</c> still overrides it per listener) and the CA bundle that
/// must have issued them.
/// </summary>
public sealed class ClientCertificateOptions
{
    public ClientCertificateMode Mode { get; set; } = ClientCertificateMode.NoCertificate;

    public string CaBundleFile { get; set; } = string.Empty;

    public void Validate()
    {
        if (Mode != ClientCertificateMode.NoCertificate && string.IsNullOrWhiteSpace(CaBundleFile))
        {
            throw new InvalidOperationException("SecureQueue:ClientCertificates:CaBundleFile is required when client certificates are allowed or required.");
        }
    }
}
