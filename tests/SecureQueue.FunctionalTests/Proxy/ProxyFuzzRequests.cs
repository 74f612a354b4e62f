using System.Text;
using SecureQueue.FunctionalTests.Fuzz;

namespace SecureQueue.FunctionalTests.Proxy;

/// <summary>
/// Random and hostile requests for the front door's routes: odd methods and paths, hostile query strings and header values,
/// forged identity headers, broken bearer tokens and signatures, bodies of every size (some over the route's limit, some
/// chunked), WebSocket upgrade headers without a WebSocket; anonymous requests on the routes that allow them (and on those
/// that do not), streamed bodies from a caller allowed to send them (some past the route's limit), and forged SigV4
/// signatures claiming an unsigned payload. Seeded, so a failure can be replayed.
/// </summary>
/// <param name="writerToken">A valid token whose <c>roles</c> claim lets it POST to <c>/orders</c>, so its streamed bodies reach the upstream.</param>
public sealed class ProxyFuzzRequests(int seed, string forgedToken, string writerToken)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "PROPFIND", "X-CUSTOM"];

    private static readonly string[] Routes =
    [
        "/orders/", "/plain/", "/orders", "/plain/a/../b", "/orders/%2e%2e/x", "/orders/secret", "/orders/%00", "/orders/é/💥",
        "/public/", "/public/admin/", "/public/%2e%2e/orders/", "/stream/", "/stream/../orders/",
        "/", "/admin.php", "/.env", "/nomatch/", "/%2e%2e/etc/passwd",
    ];

    // Header values an HTTP client can send (no CR, LF or NUL): those are refused by Kestrel before any handler runs.
    private static readonly string[] HostileValues =
    [
        "\u0001", "\u001b[31m", "<x>&amp;\"'", "' or 1=1 --", "${jndi:ldap://x}", "aws:x", "%00", "%FF", new string('x', 3000), "\u007f", "", " ", ",,,", "a;b=c",
    ];

    private static readonly string[] IdentityHeaders =
    [
        "X-SecureQueue-Assertion", "X-Forwarded-Client-Cert", "X-Forwarded-User", "X-Forwarded-For", "X-Forwarded-Host", "X-Amz-Security-Token", "Client-Cert", "Forwarded",
    ];

    // A presigned URL's credential parameters, some spelled in other cases or percent-encoded: the front door strips them
    // from what it forwards, and must neither fail nor forward them whatever else the query holds.
    private static readonly string[] QueryNames = ["X-Amz-Signature", "X-Amz-Credential", "x-amz-security-token", "X%2DAmz%2DDate", "X-Amz-Expires", "%", "=", ""];

    private readonly Random random = new(seed);

    public FuzzRequest Next()
    {
        var kind = random.Next(9);
        var method = new HttpMethod(Methods[random.Next(Methods.Length)]);
        var path = Routes[random.Next(Routes.Length)] + Segment() + (random.Next(3) == 0 ? "?" + QueryName() + "=" + Segment() + "&" + QueryName() + "=" + Segment() : "");
        var headers = new List<KeyValuePair<string, string>>();
        for (var i = random.Next(4); i > 0; i--)
        {
            headers.Add(new(IdentityHeaders[random.Next(IdentityHeaders.Length)], Pick(HostileValues)));
        }

        var body = method == HttpMethod.Get || method == HttpMethod.Head ? [] : Body();
        return kind switch
        {
            0 => new FuzzRequest("unsigned", method, path, headers, body, Signed: false),
            1 => new FuzzRequest("bad-bearer", method, path, [.. headers, new("Authorization", "Bearer " + Token())], body, Signed: false),
            2 => new FuzzRequest("bad-sigv4", method, path, [.. headers, new("Authorization", "AWS4-HMAC-SHA256 " + Pick(HostileValues))], body, Signed: false),
            3 => new FuzzRequest("upgrade", HttpMethod.Get, path, [.. headers, new("Connection", "Upgrade"), new("Upgrade", Pick(["websocket", "h2c", "x"]))], [], Signed: random.Next(2) == 0),
            4 => new FuzzRequest("chunked", HttpMethod.Post, path, [new("Content-Type", "application/octet-stream")], Body(), Signed: false, Chunked: true),
            5 => new FuzzRequest("anonymous", method, AnonymousPath() + Segment(), headers, body, Signed: false, Chunked: random.Next(2) == 0),
            6 => new FuzzRequest("writer-stream", HttpMethod.Post, path, [.. headers, new("Authorization", "Bearer " + writerToken)], Body(), Signed: false, Chunked: true),
            7 => new FuzzRequest("forged-unsigned", HttpMethod.Post, path, [.. headers, .. ForgedUnsignedPayload()], Body(), Signed: false, Chunked: random.Next(2) == 0),
            _ => new FuzzRequest("signed", method, path, headers, body, Signed: true),
        };
    }

    private string AnonymousPath() => Pick(["/public/", "/public/admin/", "/stream/", "/orders/", "/stream/%2F..%2Forders/"]);

    // A well-formed SigV4 header for the front door's service whose signature is random: it must fail before any byte is forwarded.
    private KeyValuePair<string, string>[] ForgedUnsignedPayload() =>
    [
        new("Authorization", $"AWS4-HMAC-SHA256 Credential=AKIASECQTESTCALLER01/{DateTime.UtcNow:yyyyMMdd}/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature={Convert.ToHexStringLower(Bytes(32))}"),
        new("x-amz-content-sha256", Pick(["UNSIGNED-PAYLOAD", "UNSIGNED-PAYLOAD ", "unsigned-payload", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"])),
        new("X-Amz-Date", DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture)),
    ];

    private string Segment() => random.Next(4) switch
    {
        0 => "",
        1 => Uri.EscapeDataString(Pick(HostileValues)),
        2 => string.Join('/', Enumerable.Range(0, random.Next(1, 20)).Select(_ => random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture))),
        _ => "items",
    };

    private byte[] Body() => random.Next(6) switch
    {
        0 => [],
        1 => new byte[70_000],
        2 => Encoding.UTF8.GetBytes("{\"a\":" + new string('[', 500)),
        _ => Bytes(random.Next(1, 4096)),
    };

    private string Token() => random.Next(3) switch
    {
        0 => forgedToken,
        1 => forgedToken[..random.Next(forgedToken.Length)],
        _ => Convert.ToBase64String(Bytes(random.Next(1, 200))),
    };

    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private string Pick(string[] values) => values[random.Next(values.Length)];

    private string QueryName() => random.Next(2) == 0 ? Uri.EscapeDataString(Pick(HostileValues)) : Pick(QueryNames);
}
