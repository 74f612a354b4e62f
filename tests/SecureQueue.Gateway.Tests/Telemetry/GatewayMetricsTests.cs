using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SecureQueue.Crypto.Keys;
using SecureQueue.Gateway.Keys;
using SecureQueue.Gateway.Telemetry;

namespace SecureQueue.Gateway.Tests.Telemetry;

/// <summary>What the gateway's instruments record, read with a <see cref="MeterListener"/> as any exporter would.</summary>
public sealed class GatewayMetricsTests : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string> Tags)> measurements = new();

    public GatewayMetricsTests()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GatewayMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.Start();
    }

    [Fact]
    public void Call_Denied_RecordsCountAndDurationWithItsLabels()
    {
        var action = "Action" + Guid.NewGuid().ToString("N");
        GatewayMetrics.Call(new CallLabels("awsQuery", "sqs", action), CallOutcome.Denied, "AccessDenied", TimeSpan.FromMilliseconds(250));

        var count = Assert.Single(measurements, m => m.Instrument == "secq.calls" && m.Tags["action"] == action);
        Assert.Equal(1, count.Value);
        Assert.Equal(
            new Dictionary<string, string> { ["protocol"] = "awsQuery", ["service"] = "sqs", ["action"] = action, ["outcome"] = "denied", ["error_code"] = "AccessDenied" },
            count.Tags);
        var duration = Assert.Single(measurements, m => m.Instrument == "secq.call.duration" && m.Tags["action"] == action);
        Assert.Equal(0.25, duration.Value, 3);
        Assert.False(duration.Tags.ContainsKey("error_code"));
    }

    [Fact]
    public void Call_Answered_HasErrorCodeNone()
    {
        var action = "Action" + Guid.NewGuid().ToString("N");
        GatewayMetrics.Call(new CallLabels("awsJson1_0", "sqs", action), CallOutcome.Allowed, null, TimeSpan.Zero);

        var count = Assert.Single(measurements, m => m.Instrument == "secq.calls" && m.Tags["action"] == action);
        Assert.Equal("allowed", count.Tags["outcome"]);
        Assert.Equal("none", count.Tags["error_code"]);
    }

    [Fact]
    public void KeySourceReload_LoaderFails_CountsAFailedReload()
    {
        var keys = new KeyFamilies(Keyring.FromMasterKey(MasterKey.FromBase64(Convert.ToBase64String(new byte[32]), "test"), DateTime.UnixEpoch));
        var failing = new KeySource(keys, () => throw new IOException("keyring file is being rewritten"), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<KeySource>.Instance);
        var before = measurements.Count(m => m.Instrument == "secq.keys.reloads" && m.Tags["result"] == "failed");

        Assert.False(failing.Reload());

        Assert.Equal(before + 1, measurements.Count(m => m.Instrument == "secq.keys.reloads" && m.Tags["result"] == "failed"));
    }

    public void Dispose() => listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value?.ToString() ?? string.Empty;
        }

        measurements.Enqueue((instrument.Name, value, copy));
    }
}
