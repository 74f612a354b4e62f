using System.Net.Http.Headers;
using SecureQueue.FunctionalTests.Fuzz;
using SecureQueue.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SecureQueue.FunctionalTests.Proxy;

/// <summary>
/// A bounded fuzz run over the proxy path against live upstreams: the gateway itself never answers 5xx, and every request
/// that reached the handler (it answers with a request id) left exactly one audit event. On the API's listener, and on a
/// front door listener of its own, where what no route matches falls back to the front door rather than to SQS.
/// </summary>
public sealed class ProxyFuzzTests(FrontDoorFixture fixture, ITestOutputHelper output) : IClassFixture<FrontDoorFixture>
{
    private const int Requests = 1_600;
    private const int Workers = 4;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HostileRequests_NoServerErrorAndEachAuditedOnce(bool ownListener)
    {
        await using var own = ownListener ? await OwnListenerAsync() : null;
        var endpoint = own?.Endpoint ?? fixture.Gateway.Endpoint;
        var seed = Environment.GetEnvironmentVariable("SECQ_FUZZ_SEED") is { } fixedSeed ? int.Parse(fixedSeed, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        output.WriteLine($"seed {seed} (rerun with SECQ_FUZZ_SEED={seed})");
        // A well-formed token from the right issuer for a subject nobody maps: it fails after signature checks.
        var forged = ProxyClients.Token(fixture, "nobody");
        var writer = ProxyClients.Token(fixture, claims: new Dictionary<string, object> { ["roles"] = new[] { "writer" } });
        var results = new List<(FuzzRequest Request, int Status, Guid? RequestId)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Workers), async (worker, _) =>
        {
            using var signed = new SignedClient(endpoint, fixture.Files.CaFile);
            var requests = new ProxyFuzzRequests(seed + worker, forged, writer);
            FuzzRequest? previous = null;
            for (var i = 0; i < Requests / Workers; i++)
            {
                var request = requests.Next();
                var (status, id) = await SendAsync(signed, request, previous);
                previous = request;
                lock (results)
                {
                    results.Add((request, status, id));
                }
            }
        });

        var ids = results.Where(r => r.RequestId is not null).Select(r => r.RequestId!.Value).ToList();
        await ProxyAudit.WaitAsync(fixture.Database, ids);
        var rows = await fixture.Database.RowsAsync(
            $"select request_id, count(*) from events where request_id in ({string.Join(',', ids.Select(id => $"'{id}'"))}) group by request_id");
        var counts = rows.ToDictionary(r => (Guid)r[0]!, r => (long)r[1]!);
        foreach (var group in results.GroupBy(r => (r.Request.Kind, r.Status)).OrderBy(g => g.Key.Kind).ThenBy(g => g.Key.Status))
        {
            output.WriteLine($"  {group.Key.Kind,-12} {group.Key.Status}: {group.Count()}");
        }

        Assert.Empty(results.Where(r => r.Status >= 500).Select(r => $"{r.Request.Kind} {r.Request.Method} {r.Request.PathAndQuery} {r.Status} {r.RequestId}"));
        Assert.Equal((0, 0), (ids.Count(id => counts.GetValueOrDefault(id) == 0), ids.Count(id => counts.GetValueOrDefault(id) > 1)));
        Assert.True(ids.Count > Requests * 8 / 10, $"only {ids.Count} of {Requests} requests reached the handler");
        Assert.Contains(results, r => r.Status == 200);
        // No presigned credential reached an upstream, however the client spelled its name.
        string[] credentials = ["x-amz-signature", "x-amz-credential", "x-amz-security-token", "x-amz-date", "x-amz-expires"];
        Assert.DoesNotContain(
            fixture.Upstreams.SelectMany(u => u.Queries),
            query => query.TrimStart('?').Split('&').Any(pair => credentials.Contains(Uri.UnescapeDataString(pair.Split('=')[0]), StringComparer.OrdinalIgnoreCase)));
        if (ownListener)
        {
            // Paths no route matches fell back to the front door, not to SQS: answered and audited as such.
            Assert.True(await fixture.Database.ScalarAsync<long>(
                $"select count(*) from events where error_code = 'NotFoundException' and request_id in ({string.Join(',', ids.Select(id => $"'{id}'"))})") > 0);
        }

        Assert.Empty(await Trail.LookupRows.MismatchesAsync(fixture.Database));
        await fixture.Database.WaitSealedAsync();
        await AuditVerify.AssertIntactAsync(fixture.Workspace, fixture.Files.CheckpointFile);
        var (alive, _, _) = await ProxyClients.CurlAsync(fixture, FrontDoorFixture.Caller, "/orders/alive");
        Assert.Equal(200, alive);
    }

    /// <summary>Another gateway on the same database whose front door has a listener of its own; its Endpoint is that listener.</summary>
    private async Task<OwnListener> OwnListenerAsync()
    {
        var port = TestPorts.Next();
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["SecureQueue:FrontDoor:Url"] = $"https://127.0.0.1:{port}" };
        return new OwnListener(await fixture.StartAnotherAsync("fuzz-listener", settings), new Uri($"https://localhost:{port}/"));
    }

    private sealed record OwnListener(GatewayInstance Gateway, Uri Endpoint) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Gateway.DisposeAsync();
    }

    // A body over the route's limit may be answered (413) before it is all sent, and the connection then closed: status 0.
    private static async Task<(int Status, Guid? RequestId)> SendAsync(SignedClient client, FuzzRequest request, FuzzRequest? previous)
    {
        try
        {
            using var response = await SendOnceAsync(client, request);
            return ((int)response.StatusCode, response.Headers.TryGetValues("x-amzn-RequestId", out var values) ? Guid.Parse(values.Single()) : null);
        }
        catch (HttpRequestException) when (request.Body.Length > 65_536)
        {
            return (0, null);
        }
        catch (HttpRequestException exception)
        {
            throw new InvalidOperationException(
                $"{Describe(request)} got no answer: {exception.InnerException?.Message}; "
                + $"the one before on this client: {Describe(previous)}", exception);
        }
    }

    private static string Describe(FuzzRequest? request) => request is null
        ? "none"
        : $"{request.Kind} {request.Method} {request.PathAndQuery} ({string.Join(", ", request.Headers.Select(h => $"{h.Key}: {h.Value[..Math.Min(h.Value.Length, 40)]}"))}; {request.Body.Length} bytes)";

    private static async Task<HttpResponseMessage> SendOnceAsync(SignedClient client, FuzzRequest request)
    {
        if (!request.Chunked)
        {
            return await client.SendAsync(request.Method, request.PathAndQuery, request.Headers, request.Body, request.Signed ? FrontDoorFixture.Caller : null, service: "execute-api");
        }

        using var message = new HttpRequestMessage(request.Method, request.PathAndQuery) { Content = new StreamContent(new MemoryStream(request.Body)) };
        message.Headers.TransferEncodingChunked = true;
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/octet-stream");
        foreach (var (name, value) in request.Headers.Where(h => !h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendRawAsync(message);
    }
}
