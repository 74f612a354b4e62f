using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SecureQueue.FunctionalTests.Operations;

/// <summary>A client of a gateway's ops listener: scrapes <c>/metrics</c> into series and reads the health endpoints.</summary>
public sealed partial class OpsClient(Uri endpoint, string? caFile = null) : IDisposable
{
    private readonly HttpClient http = new(Handler(caFile)) { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(30) };

    public Uri Endpoint => endpoint;

    public async Task<IReadOnlyList<MetricSeries>> ScrapeAsync()
    {
        using var response = await http.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        return Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The status code and the JSON answer of <c>/healthz</c> or <c>/readyz</c>.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> HealthAsync(string path)
    {
        using var response = await http.GetAsync(path);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }

    /// <summary>Polls <c>/readyz</c> until it answers <paramref name="expected"/>; fails with the last answer after <paramref name="seconds"/>.</summary>
    public async Task<JsonElement> WaitReadyAsync(HttpStatusCode expected, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var (status, body) = await HealthAsync("/readyz");
            if (status == expected)
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"/readyz still answered {(int)status} {body} after {seconds} s");
            await Task.Delay(200);
        }
    }

    public static IReadOnlyList<MetricSeries> Parse(string text)
    {
        var series = new List<MetricSeries>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var match = SeriesLine().Match(line);
            Assert.True(match.Success, $"not a Prometheus series line: {line}");
            var labels = Label().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["name"].Value, m => Regex.Unescape(m.Groups["value"].Value));
            series.Add(new MetricSeries(match.Groups["name"].Value, labels, Value(match.Groups["value"].Value)));
        }

        return series;
    }

    public void Dispose() => http.Dispose();

    private static double Value(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };

    private static HttpClientHandler Handler(string? caFile)
    {
        var handler = new HttpClientHandler();
        if (caFile is not null)
        {
            var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
            handler.ServerCertificateCustomValidationCallback = (_, certificate, chain, _) =>
            {
                chain!.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate!);
            };
        }

        return handler;
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$""")]
    private static partial Regex SeriesLine();

    [GeneratedRegex("""(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(?:[^"\\]|\\.)*)",?""")]
    private static partial Regex Label();
}

/// <summary>One scraped series: its name, labels and value.</summary>
public sealed record MetricSeries(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public bool Has(params (string Name, string Value)[] labels) => labels.All(l => Labels.TryGetValue(l.Name, out var v) && v == l.Value);
}
