using System.Collections.Concurrent;
using System.Diagnostics;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Operations;

/// <summary>
/// With OTLP configured (to a collector that is not there: export failures are the SDK's to drop), a call's trace
/// (ASP.NET Core's request activity, what OTLP exports) carries the request id its audit event and its answer carry,
/// and no query string: a Query-protocol GET holds the body and any presigned signature there.
/// </summary>
public sealed class TraceTests(GatewayWorkspace workspace) : IClassFixture<GatewayWorkspace>, IDisposable
{
    private readonly ConcurrentQueue<Activity> stopped = new();
    private ActivityListener? listener;

    [Fact]
    public async Task Call_RequestActivity_CarriesTheAuditRequestIdAndNoQuery()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await workspace.StartGatewayAsync(new Dictionary<string, string?> { ["SecureQueue:Ops:OtlpEndpoint"] = $"http://127.0.0.1:{TestPorts.Next()}" });

        using var response = await workspace.Client.SendAsync(
            HttpMethod.Get, "/?Action=GetQueueUrl&QueueName=trace-secret-marker", [], [], TestIdentity.Admin);
        var requestId = response.Headers.GetValues("x-amzn-RequestId").Single();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        Activity? activity;
        while ((activity = stopped.FirstOrDefault(a => a.GetTagItem("aws.request_id") as string == requestId)) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.NotNull(activity);
        Assert.Equal("GetQueueUrl", activity.GetTagItem("aws.operation"));
        var audited = await workspace.Database.ScalarAsync<long>($"select count(*) from mt_events where correlation_id = '{requestId}'");
        Assert.Equal(1, audited);
        Assert.Equal("/", activity.GetTagItem("url.path"));
        Assert.Null(activity.GetTagItem("url.query"));
        Assert.DoesNotContain(activity.TagObjects, tag => tag.Value?.ToString()?.Contains("trace-secret-marker", StringComparison.Ordinal) == true);
    }

    public void Dispose() => listener?.Dispose();
}
