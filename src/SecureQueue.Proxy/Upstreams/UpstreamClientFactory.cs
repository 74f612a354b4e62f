using Yarp.ReverseProxy.Forwarder;
using SecureQueue.Proxy.Routes;

namespace SecureQueue.Proxy.Upstreams;

/// <summary>
/// YARP's HTTP client per cluster, with the cluster's CA bundle as the only trust for its HTTPS destinations. The
/// bundle was checked with the rest of the configuration; the client is rebuilt by YARP when the cluster changes.
/// </summary>
internal sealed class UpstreamClientFactory(string contentRoot) : ForwarderHttpClientFactory
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        // ProxyConfigCheck has read the bundle before YARP accepted the cluster, so it loads here.
        if (context.NewMetadata?.GetValueOrDefault(RouteMetadata.UpstreamCaFile) is { Length: > 0 } file)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = UpstreamTrust.Callback(UpstreamTrust.Load(Path.GetFullPath(file, contentRoot)));
        }
    }
}
