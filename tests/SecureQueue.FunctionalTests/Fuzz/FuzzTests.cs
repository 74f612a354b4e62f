using System.Net;
using System.Net.Http.Headers;
using SecureQueue.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SecureQueue.FunctionalTests.Fuzz;

/// <summary>
/// A bounded fuzz run against a real gateway over TLS: no 5xx, the process stays up, and every request that
/// reached the handler (it answers with a request id) left exactly one audit event.
/// </summary>
public sealed class FuzzTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>, IDisposable
{
    private const int Requests = 6_000;
    private const int Workers = 8;
    private const int MaxRequestBytes = 4 * 1024 * 1024;

    // Kestrel's own limits (request line 8 KiB, headers 32 KiB): a request over them is refused before any handler runs.
    private const int MaxRequestLineBytes = 8 * 1024;
    private const int MaxHeaderBytes = 32 * 1024;
    private readonly SignedClient client = fixture.Client();

    [Fact]
    public async Task RandomAndMalformedRequests_NoServerErrorAndEachAuditedOnce()
    {
        var queue = GatewayFixture.QueueName("fuzz");
        using (var created = await client.JsonAsync("CreateQueue", $$"""{"QueueName":"{{queue}}"}""", TestIdentity.Admin))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        using (var created = await client.JsonAsync("CreateQueue", $$$"""{"QueueName":"{{{queue}}}.fifo","Attributes":{"FifoQueue":"true"}}""", TestIdentity.Admin))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        var seed = Environment.GetEnvironmentVariable("SECQ_FUZZ_SEED") is { } fixedSeed ? int.Parse(fixedSeed, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        output.WriteLine($"seed {seed} (rerun with SECQ_FUZZ_SEED={seed})");
        var results = new List<(FuzzRequest Request, int Status, Guid? RequestId)>();
        var started = DateTime.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, Workers), async (worker, _) =>
        {
            var requests = new FuzzRequests(
                seed + worker, $"https://{fixture.Gateway.Endpoint.Authority}/000000000000/{queue}", $"https://{fixture.Gateway.Endpoint.Authority}/000000000000/{queue}.fifo");
            for (var i = 0; i < Requests / Workers; i++)
            {
                var request = requests.Next();
                var (status, id) = await SendAsync(request);
                lock (results)
                {
                    results.Add((request, status, id));
                }
            }
        });
        var elapsed = DateTime.UtcNow - started;

        var serverErrors = results.Where(r => r.Status >= 500).ToList();
        var ids = results.Where(r => r.RequestId is not null).Select(r => r.RequestId!.Value).ToList();
        var counts = await AuditCountsAsync(ids);
        var unaudited = ids.Count(id => counts.GetValueOrDefault(id) == 0);
        var duplicated = ids.Count(id => counts.GetValueOrDefault(id) > 1);
        output.WriteLine($"{results.Count} requests in {elapsed.TotalSeconds:F1} s: {ids.Count} reached the handler, {serverErrors.Count} 5xx, {unaudited} unaudited, {duplicated} audited more than once");
        foreach (var group in results.GroupBy(r => (r.Request.Kind, r.Status)).OrderBy(g => g.Key.Kind).ThenBy(g => g.Key.Status))
        {
            output.WriteLine($"  {group.Key.Kind,-18} {group.Key.Status}: {group.Count()}");
        }

        Assert.Equal(Requests, results.Count);
        Assert.Empty(serverErrors.Select(e => $"{e.Request.Kind} {e.Status} {e.RequestId}"));
        Assert.Equal((0, 0), (unaudited, duplicated));
        Assert.True(ids.Count > Requests * 9 / 10, $"only {ids.Count} of {Requests} requests reached the handler");
        Assert.Empty(await Trail.LookupRows.MismatchesAsync(fixture.Database));
        // The verifier reads the same rows with its own parser of the stored data: hostile input must not part them either.
        await fixture.Database.WaitSealedAsync();
        await AuditVerify.AssertIntactAsync(fixture.Workspace, fixture.Files.CheckpointFile);
        using var alive = await client.JsonAsync("ListQueues", "{}", TestIdentity.Admin);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    public void Dispose() => client.Dispose();

    /// <summary>
    /// Sends one request and returns its status and request id. A request over a limit (a body over the gateway's,
    /// a request line or headers over Kestrel's) is answered as soon as the limit is crossed, and the server then
    /// closes the connection rather than read the rest, so the client may see the connection reset while it is
    /// still writing: that answer is recorded as status 0. Any other request that fails to get an answer fails the test.
    /// </summary>
    private async Task<(int Status, Guid? RequestId)> SendAsync(FuzzRequest request)
    {
        try
        {
            using var response = await SendOnceAsync(request);
            return ((int)response.StatusCode, response.Headers.TryGetValues("x-amzn-RequestId", out var values) ? Guid.Parse(values.Single()) : null);
        }
        catch (HttpRequestException) when (OverLimits(request))
        {
            return (0, null);
        }
        catch (HttpRequestException exception)
        {
            throw new InvalidOperationException($"{request.Kind} request of {request.Body.Length} bytes got no answer: {exception.Message} ({exception.InnerException?.Message})", exception);
        }
    }

    private static bool OverLimits(FuzzRequest request) =>
        request.Body.Length > MaxRequestBytes
        || request.PathAndQuery.Length > MaxRequestLineBytes
        || request.Headers.Sum(h => h.Key.Length + h.Value.Length + 4) > MaxHeaderBytes;

    private async Task<HttpResponseMessage> SendOnceAsync(FuzzRequest request)
    {
        if (!request.Chunked)
        {
            var identity = !request.Signed ? null : request.Service == "cloudtrail" ? TestIdentity.Auditor : TestIdentity.Admin;
            return await client.SendAsync(request.Method, request.PathAndQuery, request.Headers, request.Body, identity, service: request.Service, region: request.Region);
        }

        using var message = new HttpRequestMessage(request.Method, request.PathAndQuery) { Content = new StreamContent(new MemoryStream(request.Body)) };
        message.Headers.TransferEncodingChunked = true;
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.Headers.Single().Value);
        return await client.SendRawAsync(message);
    }

    private async Task<Dictionary<Guid, long>> AuditCountsAsync(IReadOnlyList<Guid> ids)
    {
        var rows = await fixture.Database.RowsAsync(
            $"select request_id, count(*) from events where request_id in ({string.Join(',', ids.Select(id => $"'{id}'"))}) group by request_id");
        return rows.ToDictionary(r => (Guid)r[0]!, r => (long)r[1]!);
    }
}
