using System.Text.Json;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Trail;

/// <summary>LookupEvents as a real signed JSON 1.1 call, and the exact checks of its answers and errors.</summary>
public static class TrailClient
{
    public static string Attribute(string key, string value) =>
        JsonSerializer.Serialize(new { LookupAttributes = new[] { new { AttributeKey = key, AttributeValue = value } } });

    /// <summary>One page as the auditor: its events and NextToken (null on the last page).</summary>
    public static async Task<(List<JsonElement> Events, string? NextToken)> LookupAsync(SignedClient client, string request)
    {
        using var response = await client.CloudTrailAsync("LookupEvents", request, TestIdentity.Auditor);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.MediaType);
        var root = JsonDocument.Parse(text).RootElement;
        return (root.GetProperty("Events").EnumerateArray().ToList(), root.TryGetProperty("NextToken", out var token) ? token.GetString() : null);
    }

    /// <summary>Every page, following NextToken with the same parameters.</summary>
    public static async Task<List<JsonElement>> LookupAllAsync(SignedClient client, Dictionary<string, object> request)
    {
        var events = new List<JsonElement>();
        while (true)
        {
            var (page, token) = await LookupAsync(client, JsonSerializer.Serialize(request));
            events.AddRange(page);
            if (token is null)
            {
                return events;
            }

            request["NextToken"] = token;
        }
    }

    /// <summary>The record inside an event: CloudTrailEvent is a JSON string, as CloudTrail returns it.</summary>
    public static JsonElement Record(JsonElement lookedUp) => JsonDocument.Parse(lookedUp.GetProperty("CloudTrailEvent").GetString()!).RootElement;

    /// <summary>A CloudTrail JSON 1.1 error: status, <c>__type</c>, content type, request id; returns the message.</summary>
    public static async Task<string> ErrorAsync(HttpResponseMessage response, int status, string type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.MediaType);
        Assert.Single(response.Headers.GetValues("x-amzn-RequestId"));
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(type, body.GetProperty("__type").GetString());
        return body.GetProperty("message").GetString()!;
    }
}
