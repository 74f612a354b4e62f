using System.Net;
using System.Text;
using SecureQueue.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SecureQueue.FunctionalTests.Operations;

/// <summary>
/// The ops listener takes requests from anyone who can reach it (no authentication): random methods, paths, query
/// strings, headers and bodies never get a 5xx, only GET and HEAD of the three paths answer 200 (any other method is 405), and it still serves afterwards.
/// Seeded, so a failure can be replayed (SECQ_FUZZ_SEED).
/// </summary>
public sealed class OpsFuzzTests(GatewayWorkspace workspace, ITestOutputHelper output) : IClassFixture<GatewayWorkspace>
{
    private const int Requests = 1500;

    private static readonly string[] Paths =
    [
        "/metrics", "/healthz", "/readyz", "/", "/metrics/", "/METRICS", "/readyz/../metrics", "/%2e%2e/readyz", "/readyz%00", "/metrics;x",
        "//healthz", "/healthz?verbose=true", "/readyz?" + new string('a', 6000), "/" + new string('x', 2000), "/.well-known/secq/jwks.json", "/000000000000/q",
    ];

    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH", "BREW"];

    [Fact]
    public async Task HostileRequests_NoServerError_OnlyTheThreeGetPathsAnswer()
    {
        using var started = await OpsGateway.StartAsync(workspace);
        await started.Ops.WaitReadyAsync(HttpStatusCode.OK);
        var seed = Environment.GetEnvironmentVariable("SECQ_FUZZ_SEED") is { } fixedSeed ? int.Parse(fixedSeed, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        output.WriteLine($"seed {seed} (rerun with SECQ_FUZZ_SEED={seed})");
        var random = new Random(seed);
        using var http = new HttpClient();
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < Requests; i++)
        {
            var method = Methods[random.Next(Methods.Length)];
            var path = Paths[random.Next(Paths.Length)];
            // Absolute, so that "//healthz" is a path on the listener and not a host name to the client.
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(started.Ops.Endpoint.GetLeftPart(UriPartial.Authority) + path));
            var bodyLength = random.Next(3) == 0 ? random.Next(0, 100_000) : -1;
            if (bodyLength >= 0)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(new string('b', bodyLength)));
            }

            if (random.Next(3) == 0)
            {
                request.Headers.TryAddWithoutValidation(random.Next(2) == 0 ? "Authorization" : "X-Forwarded-For", new string('h', random.Next(1, 8000)));
            }

            using var response = await SendAsync(http, request, bodyLength);
            if (response is null)
            {
                statuses[0] = statuses.GetValueOrDefault(0) + 1;
                continue;
            }

            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status < 500, $"{method} {path[..Math.Min(path.Length, 60)]} answered {status}");
            if (status == 200)
            {
                // Routing matches paths case-insensitively and with a trailing slash, as ASP.NET does everywhere; the URI as sent has dot segments resolved.
                var served = request.RequestUri!.AbsolutePath.TrimEnd('/').ToLowerInvariant();
                Assert.True(method is "GET" or "HEAD" && served is "/metrics" or "/healthz" or "/readyz", $"{method} {path[..Math.Min(path.Length, 60)]} answered 200");
            }
        }

        output.WriteLine(string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        Assert.Equal(HttpStatusCode.OK, (await started.Ops.HealthAsync("/readyz")).Status);
    }

    // No ops path reads a body: one over 64 KiB may be answered before it is all sent and the connection then closed
    // (status 0 in the tally; a broken pipe seen by the client). A request Kestrel rejects as malformed (400, e.g. a
    // NUL in its path) is answered and its connection closed as soon as its head is read, so a client still sending the
    // body sees the same; that is told apart by sending the request again without its body. Any other request must get
    // an answer.
    private static async Task<HttpResponseMessage?> SendAsync(HttpClient http, HttpRequestMessage request, int bodyLength)
    {
        try
        {
            return await http.SendAsync(request);
        }
        catch (HttpRequestException) when (bodyLength > 65_536)
        {
            return null;
        }
        catch (HttpRequestException exception) when (bodyLength >= 0)
        {
            using var bare = new HttpRequestMessage(request.Method, request.RequestUri);
            foreach (var header in request.Headers)
            {
                bare.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            using var answer = await http.SendAsync(bare);
            if (answer.StatusCode == HttpStatusCode.BadRequest)
            {
                return null;
            }

            var target = request.RequestUri!.PathAndQuery;
            throw new HttpRequestException(
                $"{request.Method} {target[..Math.Min(target.Length, 60)]} with a {bodyLength}-byte body lost its connection, and without the body it is answered {(int)answer.StatusCode}",
                exception);
        }
    }
}
