using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SecureQueue.Gateway.Authentication.SigV4;
using SecureQueue.Gateway.Tests.Authentication.SigV4;

namespace SecureQueue.FunctionalTests.Infrastructure;

/// <summary>
/// Hand-built, really signed requests for what SDKs never send: malformed bodies, wrong content types,
/// tampered signatures. TLS is verified against the test CA only (a custom trust store, not a bypass).
/// </summary>
public sealed class SignedClient : IDisposable
{
    private readonly HttpClient http;
    private readonly Uri endpoint;

    public SignedClient(Uri endpoint, string caFile, X509Certificate2? clientCertificate = null)
    {
        this.endpoint = endpoint;
        var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            CustomTrustStore = { ca },
            RevocationMode = X509RevocationMode.NoCheck,
        };
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        http = new HttpClient(handler) { BaseAddress = endpoint };
    }

    /// <summary>
    /// Signs as <paramref name="identity"/> (unsigned when null) and sends; <paramref name="tamper"/> changes the request after signing.
    /// Cancelling <paramref name="cancellation"/> drops the connection, as a client that gives up does.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string pathAndQuery, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body,
        TestIdentity? identity, Func<SigV4Request, SigV4Request>? tamper = null, DateTimeOffset? at = null, string service = "sqs", string region = "us-east-1",
        CancellationToken cancellation = default)
    {
        var request = new SigV4Request(method.Method, pathAndQuery, [new("Host", endpoint.Authority), .. headers], body);
        if (identity is not null)
        {
            request = new SigV4TestSigner(identity.AccessKeyId, identity.SecretAccessKey, region, service).Sign(request, at ?? DateTimeOffset.UtcNow);
        }

        request = tamper?.Invoke(request) ?? request;
        using var message = new HttpRequestMessage(method, request.RawTarget) { Content = new ByteArrayContent(request.Body.ToArray()) };
        // Lets the gateway refuse a large body by its Content-Length before the client has sent it all.
        message.Headers.ExpectContinue = request.Body.Length > 1024 * 1024;
        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return await http.SendAsync(message, cancellation);
    }

    public Task<HttpResponseMessage> JsonAsync(
        string action, string json, TestIdentity? identity, Func<SigV4Request, SigV4Request>? tamper = null, string contentType = "application/x-amz-json-1.0",
        string region = "us-east-1", DateTimeOffset? at = null, CancellationToken cancellation = default) =>
        SendAsync(
            HttpMethod.Post, "/", [new("Content-Type", contentType), new("X-Amz-Target", "AmazonSQS." + action)], Encoding.UTF8.GetBytes(json), identity, tamper,
            at, cancellation: cancellation, region: region);

    /// <summary>A CloudTrail JSON 1.1 call, signed for the SigV4 service <paramref name="service"/> (CloudTrail's own unless a test says otherwise).</summary>
    public Task<HttpResponseMessage> CloudTrailAsync(
        string operation, string json, TestIdentity? identity, string service = "cloudtrail", string contentType = "application/x-amz-json-1.1", Func<SigV4Request, SigV4Request>? tamper = null) =>
        SendAsync(
            HttpMethod.Post, "/", [new("Content-Type", contentType), new("X-Amz-Target", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101." + operation)],
            Encoding.UTF8.GetBytes(json), identity, tamper, service: service);

    public Task<HttpResponseMessage> QueryAsync(string form, TestIdentity? identity, string path = "/", Func<SigV4Request, SigV4Request>? tamper = null, string region = "us-east-1") =>
        SendAsync(HttpMethod.Post, path, [new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], Encoding.UTF8.GetBytes(form), identity, tamper, region: region);

    /// <summary>Sends a request as built, unsigned: for bodies no signer can produce, such as chunked streams.</summary>
    public Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage message) => http.SendAsync(message);

    public void Dispose() => http.Dispose();
}
