using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SecureQueue.FunctionalTests.Infrastructure;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Benchmarks;

/// <summary>
/// An HTTPS host (Kestrel, the gateway's certificate) that answers the SQS JSON calls of <c>sdk_load.mjs</c> with fixed,
/// valid responses (message digests included, which the SDK checks) and does no other work: what the JavaScript client
/// reaches against an SQS endpoint over TLS that costs nothing. fauxqs is spoken to over plain HTTP, so this is the
/// ceiling of the SDK ratios on a machine where the client, not the server, sets the pace.
/// </summary>
internal static class SdkStub
{
    /// <summary>The body sdk_load.mjs sends: 1 KiB of 'm'.</summary>
    private static readonly string Body = new('m', 1024);
    private static readonly string Digest = Md5Digests.OfBody(Body);

    public static Task<WebApplication> StartAsync(GatewayFiles files) => ProxyBenchmark.StartAsync(files, app => app.MapPost("/", Answer));

    private static IResult Answer(HttpContext context)
    {
        var action = context.Request.Headers["X-Amz-Target"].ToString().Replace("AmazonSQS.", string.Empty, StringComparison.Ordinal);
        object? response = action switch
        {
            "CreateQueue" => new Dictionary<string, string> { ["QueueUrl"] = $"https://{context.Request.Host}/000000000000/stub" },
            "SendMessage" => new { MessageId = Guid.NewGuid(), MD5OfMessageBody = Digest },
            "SendMessageBatch" => new { Successful = Enumerable.Range(0, 10).Select(i => new { Id = $"e{i}", MessageId = Guid.NewGuid(), MD5OfMessageBody = Digest }).ToList(), Failed = Array.Empty<object>() },
            "ReceiveMessage" => new { Messages = new[] { new { MessageId = Guid.NewGuid(), ReceiptHandle = "stub", MD5OfBody = Digest, Body } } },
            "DeleteMessage" or "ChangeMessageVisibility" => new { },
            _ => null,
        };
        // Serialized as named, not through Results.Json, whose web defaults would camel-case SQS's member names.
        return Results.Text(
            JsonSerializer.Serialize(response ?? new { __type = "InvalidAction", message = $"The stub does not answer {action}." }),
            "application/x-amz-json-1.0",
            statusCode: response is null ? 400 : 200);
    }
}
