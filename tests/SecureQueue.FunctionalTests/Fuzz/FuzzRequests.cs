using System.Text;
using System.Text.Json.Nodes;

namespace SecureQueue.FunctionalTests.Fuzz;

/// <summary>One generated request: how to send it, and what kind of damage it carries (for the failure report).</summary>
public sealed record FuzzRequest(string Kind, HttpMethod Method, string PathAndQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, bool Signed, bool Chunked = false)
{
    /// <summary>
    /// The SigV4 service it is signed for: <c>sqs</c>; <c>cloudtrail</c> (signed as the trail auditor, so it reaches the
    /// lookup itself); or <c>sts</c>.
    /// </summary>
    public string Service { get; init; } = "sqs";

    /// <summary>The region it is signed for: a served one (us-east-1, eu-west-1) or one the gateway does not serve.</summary>
    public string Region { get; init; } = "us-east-1";
}

/// <summary>
/// Random and malformed requests of every kind the hardening review found: random bytes, truncated and deeply
/// nested JSON, invalid UTF-8, NUL and control characters in every field, huge numbers, duplicate and oversized
/// parameters, oversized chunked bodies, hostile CloudTrail lookups and STS calls, calls signed for other regions.
/// Seeded, so a failure can be replayed.
/// </summary>
public sealed class FuzzRequests(int seed, string queueUrl, string fifoQueueUrl)
{
    private const string Json = "application/x-amz-json-1.0";
    private const string Form = "application/x-www-form-urlencoded; charset=utf-8";

    private static readonly string[] Hostile =
    [
        "\0", "a\0b", "\u0001", "a\nb\r\n", "\u001b[31mred\u001b[0m", "\u0085\u2028", "\uFFFE", "\uFEFF", "💥", "<x>&amp;\"'", "' or 1=1 --",
        "${jndi:ldap://x}", "aws:x", "A..B.", ".x", "AWS.Trace", "secq.signature", "%00", "%FF", "%ED%A0%80", "+", "%2B", new string('x', 300), new string('é', 5000), "",
    ];

    private static readonly string[] JsonNumbers = ["-1", "0", "21", "1e400", "99999999999999999999", "2147483648", "-2147483649", "1.5", "-0", "1E-400"];

    private static readonly string[] Numbers = ["-1", "0", "21", "1e400", "99999999999999999999", "2147483648", "-2147483649", "1.5", "NaN", "0x10", " 1", "1 "];

    private readonly Random random = new(seed);

    public FuzzRequest Next() => random.Next(10) switch
    {
        0 => RandomBytes(),
        1 => MutatedJson(),
        2 => MutatedFifo(),
        3 => TruncatedJson(),
        4 => NestedJson(),
        5 or 6 => MutatedQuery(),
        7 => OversizedQuery(),
        8 => InvalidUtf8(),
        _ => random.Next(7) switch
        {
            0 => ForgedHeaders(),
            6 => Presigned(),
            1 when random.Next(12) == 0 => OversizedChunked(),
            1 => MutatedJson() with { Region = Pick(Regions) },
            2 or 3 => MutatedSts(),
            _ => MutatedLookup(),
        },
    };

    private static readonly string[] Regions = ["us-east-1", "eu-west-1", "ap-south-1"];

    /// <summary>
    /// An STS call signed for <c>sts</c> in any region: Query forms with hostile actions, versions and parameters, or JSON
    /// bodies of any shape, so both of STS's decoders and its routing by credential scope see them.
    /// </summary>
    private FuzzRequest MutatedSts()
    {
        var region = Pick(Regions);
        if (random.Next(2) == 0)
        {
            var action = Pick(["GetCallerIdentity", "AssumeRole", "GetSessionToken", Pick(Hostile)]);
            var form = $"Action={Encode(action)}&Version={Encode(Pick(["2011-06-15", "2012-11-05", Pick(Hostile)]))}";
            for (var i = random.Next(0, 4); i > 0; i--)
            {
                form += $"&{Encode(Pick(["RoleArn", "DurationSeconds", "Action", Pick(Hostile)]))}={Encode(Pick(Hostile))}";
            }

            return new FuzzRequest("sts-query", HttpMethod.Post, "/", [new("Content-Type", Form)], Encoding.UTF8.GetBytes(form), Signed: random.Next(5) != 0)
            {
                Service = "sts",
                Region = region,
            };
        }

        // A header carries printable ASCII only (the client refuses anything else before sending).
        var operation = Pick(["GetCallerIdentity", "GetCallerIdentity", "AssumeRole", Pick(Hostile.Where(h => h.All(c => c is >= ' ' and < '\u007f')).ToList())]);
        var body = Pick(["{}", "", "[1]", "null", "{\"a\":", "{\"Extra\":" + Pick(JsonNumbers) + "}", "\"" + new string('x', random.Next(1, 3000)) + "\""]);
        return new FuzzRequest(
            "sts-json", HttpMethod.Post, "/",
            [new("Content-Type", Pick([Json, "application/x-amz-json-1.1", "text/plain"])), new("X-Amz-Target", "AWSSecurityTokenServiceV20110615." + operation)],
            Encoding.UTF8.GetBytes(body), Signed: random.Next(5) != 0)
        {
            Service = "sts",
            Region = region,
        };
    }

    /// <summary>
    /// A CloudTrail LookupEvents call (or a hostile operation name) whose members are hostile: wrong types, huge or
    /// negative numbers, hostile attribute keys and values, forged next tokens, several attributes.
    /// </summary>
    private FuzzRequest MutatedLookup()
    {
        var body = new JsonObject();
        if (random.Next(3) != 0)
        {
            var attributes = new JsonArray();
            for (var i = random.Next(0, 3); i > 0; i--)
            {
                string[] keys = ["EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "EventSource", "AccessKeyId", "Nope"];
                attributes.Add(new JsonObject { ["AttributeKey"] = random.Next(4) == 0 ? Pick(Hostile) : Pick(keys), ["AttributeValue"] = Pick(Hostile) });
            }

            body["LookupAttributes"] = attributes;
        }

        if (random.Next(2) == 0)
        {
            body["StartTime"] = JsonNode.Parse(Pick(JsonNumbers));
            body["EndTime"] = random.Next(4) == 0 ? Pick(Hostile) : JsonNode.Parse(Pick(JsonNumbers));
        }

        if (random.Next(2) == 0)
        {
            body["MaxResults"] = random.Next(4) == 0 ? Pick(Hostile) : JsonNode.Parse(Pick(JsonNumbers));
        }

        if (random.Next(3) == 0)
        {
            body["NextToken"] = Pick(Hostile);
        }

        if (random.Next(5) == 0)
        {
            body["EventCategory"] = Pick(["insight", "Insight", Pick(Hostile)]);
        }

        var operation = random.Next(10) == 0 ? "StopLogging" : "LookupEvents";
        var json = random.Next(10) == 0 ? body.ToJsonString()[..^1] : body.ToJsonString();
        return new FuzzRequest(
            "lookup", HttpMethod.Post, "/",
            [new("Content-Type", "application/x-amz-json-1.1"), new("X-Amz-Target", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101." + operation)],
            Encoding.UTF8.GetBytes(json), Signed: random.Next(5) != 0)
        {
            Service = "cloudtrail",
        };
    }

    /// <summary>An unsigned request whose authentication headers are hostile: the authenticators parse them before anything is allowed.</summary>
    private FuzzRequest ForgedHeaders()
    {
        string[] authorizations =
        [
            "AWS4-HMAC-SHA256 Credential=" + new string('A', random.Next(1, 6000)) + "/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=" + new string('0', 64),
            "AWS4-HMAC-SHA256 Credential=AKIA%00X/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host;x-amz-date, Signature=zz",
            "AWS4-HMAC-SHA256 Credential=AKIASECQTESTADMIN001/99999999/../../sqs/aws4_request, SignedHeaders=, Signature=",
            "AWS4-HMAC-SHA256 " + string.Concat(Enumerable.Repeat("Credential=a,", random.Next(1, 500))),
            "Bearer " + new string('x', random.Next(1, 4000)),
            "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.",
            "Basic YWRtaW46YWRtaW4=",
            "AWS AKIASECQTESTADMIN001:c2lnbmF0dXJl",
            string.Concat(Enumerable.Repeat("=,;\"/\\ ", random.Next(1, 200))),
        ];
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Type", Json),
            new("X-Amz-Target", "AmazonSQS.ListQueues"),
            new("Authorization", Pick(authorizations)),
            new("X-Amz-Date", Pick(["20260101T000000Z", "not-a-date", "99999999T999999Z", new string('9', 300), "2026-01-01T00:00:00Z"])),
        };
        if (random.Next(3) == 0)
        {
            headers.Add(new("X-Amz-Security-Token", new string('t', random.Next(1, 3000))));
        }

        if (random.Next(3) == 0)
        {
            headers.Add(new("X-Amz-Content-Sha256", Pick(["UNSIGNED-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "zz", new string('f', 64)])));
        }

        return new FuzzRequest("forged-headers", HttpMethod.Post, "/", headers, "{}"u8.ToArray(), Signed: false);
    }

    private JsonObject Template(string action) => action switch
    {
        "CreateQueue" => new() { ["QueueName"] = "fuzz-" + random.Next(5), ["Attributes"] = new JsonObject { ["VisibilityTimeout"] = "30", ["DelaySeconds"] = "0" }, ["tags"] = new JsonObject { ["team"] = "a" } },
        "ListQueues" => new() { ["QueueNamePrefix"] = "fuzz", ["MaxResults"] = 5 },
        "GetQueueUrl" => new() { ["QueueName"] = "fuzz-0" },
        "SendMessage" => new() { ["QueueUrl"] = queueUrl, ["MessageBody"] = "hello", ["DelaySeconds"] = 0, ["MessageAttributes"] = new JsonObject { ["a"] = new JsonObject { ["DataType"] = "String", ["StringValue"] = "v" } } },
        "SendMessageBatch" => new() { ["QueueUrl"] = queueUrl, ["Entries"] = new JsonArray(new JsonObject { ["Id"] = "e1", ["MessageBody"] = "b" }, new JsonObject { ["Id"] = "e2", ["MessageBody"] = "c" }) },
        "ReceiveMessage" => new() { ["QueueUrl"] = queueUrl, ["MaxNumberOfMessages"] = 10, ["WaitTimeSeconds"] = 0, ["MessageAttributeNames"] = new JsonArray("All"), ["AttributeNames"] = new JsonArray("All") },
        "DeleteMessage" => new() { ["QueueUrl"] = queueUrl, ["ReceiptHandle"] = "AQEB" + new string('A', 40) },
        "ChangeMessageVisibility" => new() { ["QueueUrl"] = queueUrl, ["ReceiptHandle"] = random.Next(2) == 0 ? "AQEB" : TimedHandle, ["VisibilityTimeout"] = 10 },
        "ChangeMessageVisibilityBatch" => new()
        {
            ["QueueUrl"] = queueUrl,
            ["Entries"] = new JsonArray(
                new JsonObject { ["Id"] = "e1", ["ReceiptHandle"] = TimedHandle, ["VisibilityTimeout"] = 43_200 },
                new JsonObject { ["Id"] = "e2", ["ReceiptHandle"] = "x", ["VisibilityTimeout"] = 0 }),
        },
        "DeleteMessageBatch" => new() { ["QueueUrl"] = queueUrl, ["Entries"] = new JsonArray(new JsonObject { ["Id"] = "e1", ["ReceiptHandle"] = "x" }) },
        "GetQueueAttributes" => new() { ["QueueUrl"] = queueUrl, ["AttributeNames"] = new JsonArray("All") },
        "SetQueueAttributes" => new() { ["QueueUrl"] = queueUrl, ["Attributes"] = new JsonObject { ["Policy"] = "{\"Version\":\"2012-10-17\",\"Statement\":[]}", ["MaximumMessageSize"] = "2048" } },
        "TagQueue" => new() { ["QueueUrl"] = queueUrl, ["Tags"] = new JsonObject { ["env"] = "prod" } },
        "UntagQueue" => new() { ["QueueUrl"] = queueUrl, ["TagKeys"] = new JsonArray("env") },
        "AddPermission" => new() { ["QueueUrl"] = queueUrl, ["Label"] = "l", ["AWSAccountIds"] = new JsonArray("000000000000"), ["Actions"] = new JsonArray("SendMessage") },
        "StartMessageMoveTask" => new() { ["SourceArn"] = QueueArn, ["DestinationArn"] = QueueArn + "-dest", ["MaxNumberOfMessagesPerSecond"] = 10 },
        "ListMessageMoveTasks" => new() { ["SourceArn"] = QueueArn, ["MaxResults"] = 10 },
        "CancelMessageMoveTask" => new() { ["TaskHandle"] = Pick(ForgedTaskHandles) },
        _ => new() { ["QueueUrl"] = queueUrl },
    };

    private static readonly string[] FifoActions = ["CreateQueue", "SendMessage", "SendMessageBatch", "ReceiveMessage", "SetQueueAttributes", "DeleteMessage"];

    private static readonly string[] FifoIdValues = ["g", "\u0000", " ", new string('x', 129), "é", "a b", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", ""];

    /// <summary>FIFO calls (ids, dedup, attempt ids, FIFO attributes, batches) on a FIFO queue, mutated, as JSON or Query.</summary>
    private JsonObject FifoTemplate(string action) => action switch
    {
        "CreateQueue" => new()
        {
            ["QueueName"] = Pick(["fuzz-" + random.Next(5) + ".fifo", "fuzz.fifo.fifo", ".fifo", "fuzz-" + random.Next(5)]),
            ["Attributes"] = new JsonObject
            {
                ["FifoQueue"] = Pick(["true", "false", "TRUE", Pick(Hostile)]), ["ContentBasedDeduplication"] = Pick(["true", "false", Pick(Hostile)]),
                ["DeduplicationScope"] = Pick(["queue", "messageGroup", Pick(Hostile)]), ["FifoThroughputLimit"] = Pick(["perQueue", "perMessageGroupId", Pick(Hostile)]),
            },
        },
        "SendMessage" => new()
        {
            ["QueueUrl"] = fifoQueueUrl, ["MessageBody"] = "hello", ["MessageGroupId"] = Pick(FifoIdValues), ["MessageDeduplicationId"] = Pick(FifoIdValues),
            ["DelaySeconds"] = JsonNode.Parse(Pick(JsonNumbers)),
        },
        "SendMessageBatch" => new()
        {
            ["QueueUrl"] = fifoQueueUrl,
            ["Entries"] = new JsonArray(Enumerable.Range(0, random.Next(1, 11)).Select(i => (JsonNode?)new JsonObject
            {
                ["Id"] = $"e{i}", ["MessageBody"] = "b", ["MessageGroupId"] = Pick(FifoIdValues), ["MessageDeduplicationId"] = Pick(FifoIdValues),
            }).ToArray()),
        },
        "ReceiveMessage" => new()
        {
            ["QueueUrl"] = fifoQueueUrl, ["MaxNumberOfMessages"] = 10, ["ReceiveRequestAttemptId"] = Pick(FifoIdValues), ["AttributeNames"] = new JsonArray("SequenceNumber", "MessageGroupId"),
        },
        "SetQueueAttributes" => new()
        {
            ["QueueUrl"] = fifoQueueUrl,
            ["Attributes"] = new JsonObject { [Pick(["FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit"])] = Pick(["true", "perMessageGroupId", "messageGroup", Pick(Hostile)]) },
        },
        _ => new() { ["QueueUrl"] = fifoQueueUrl, ["ReceiptHandle"] = "AQEB" + new string('A', 40) },
    };

    private FuzzRequest MutatedFifo()
    {
        var action = Pick(FifoActions);
        var body = FifoTemplate(action);
        for (var i = random.Next(0, 3); i > 0; i--)
        {
            Mutate(body);
        }

        if (random.Next(2) == 0)
        {
            return JsonRequest("fifo-json", action, Encoding.UTF8.GetBytes(Escaped(body)));
        }

        var pairs = Flatten(body).Prepend(new("Action", action)).Append(new("Version", "2012-11-05"));
        var text = string.Join('&', pairs.Select(p => Encode(p.Key) + "=" + Encode(p.Value)));
        return new FuzzRequest("fifo-query", HttpMethod.Post, "/", [new("Content-Type", Form)], Encoding.UTF8.GetBytes(text), Signed: random.Next(6) != 0);
    }

    private static readonly string[] Actions =
    [
        "CreateQueue", "ListQueues", "GetQueueUrl", "SendMessage", "SendMessageBatch", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility",
        "ChangeMessageVisibilityBatch", "DeleteMessageBatch", "GetQueueAttributes", "SetQueueAttributes", "TagQueue", "UntagQueue", "ListQueueTags", "AddPermission", "RemovePermission",
        "PurgeQueue", "ListDeadLetterSourceQueues", "StartMessageMoveTask", "ListMessageMoveTasks", "CancelMessageMoveTask", "NoSuchAction", "List\0Queues",
    ];

    // A receipt handle of version 2's length (it carries a receive time) whose MAC cannot hold, with random bits after its version byte.
    private string TimedHandle => "Ag" + new string(Enumerable.Range(0, 61).Select(_ => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[random.Next(64)]).ToArray());

    // The fuzz queue's ARN: move tasks name queues by ARN, not URL.
    private string QueueArn => "arn:aws:sqs:us-east-1:000000000000:" + queueUrl[(queueUrl.LastIndexOf('/') + 1)..];

    // SQS's handle layout without a MAC, with a MAC of the wrong length, with hostile members, and not base64 or not JSON.
    private string[] ForgedTaskHandles =>
    [
        Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"taskId":"{{Guid.NewGuid()}}","sourceArn":"{{QueueArn}}"}""")),
        Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"taskId":"{{Guid.NewGuid()}}","sourceArn":"{{QueueArn}}","mac":"AAAA"}""")),
        Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"taskId":{{Pick(JsonNumbers)}},"sourceArn":null,"mac":[]}""")),
        Convert.ToBase64String(Encoding.UTF8.GetBytes("[" + new string('[', 300))),
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Pick(Hostile))),
        Pick(Hostile),
    ];

    private FuzzRequest MutatedJson()
    {
        var action = Pick(Actions);
        var body = Template(action);
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            Mutate(body);
        }

        return JsonRequest("json-mutated", action, Encoding.UTF8.GetBytes(Escaped(body)));
    }

    private void Mutate(JsonObject body)
    {
        var leaves = Leaves(body).ToList();
        var (parent, key) = leaves[random.Next(leaves.Count)];
        JsonNode? value = random.Next(6) switch
        {
            0 => JsonNode.Parse(Pick(JsonNumbers)),
            1 => new JsonArray(Enumerable.Range(0, random.Next(5, 60)).Select(i => (JsonNode?)$"v{i}").ToArray()),
            2 => new JsonObject(Enumerable.Range(0, random.Next(5, 60)).Select(i => KeyValuePair.Create(Pick(Hostile) + i, (JsonNode?)Pick(Hostile)))),
            3 => null,
            _ => Pick(Hostile),
        };
        if (parent is JsonObject obj)
        {
            obj[key.ToString()!] = value;
        }
        else if (parent is JsonArray array)
        {
            array[(int)key] = value;
        }
    }

    private static IEnumerable<(JsonNode Parent, object Key)> Leaves(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, child) in obj.ToList())
            {
                yield return (obj, name);
                if (child is JsonObject or JsonArray)
                {
                    foreach (var leaf in Leaves(child))
                    {
                        yield return leaf;
                    }
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                yield return (array, i);
                if (array[i] is JsonObject or JsonArray)
                {
                    foreach (var leaf in Leaves(array[i]!))
                    {
                        yield return leaf;
                    }
                }
            }
        }
    }

    /// <summary>JSON text where a lone surrogate survives as its escape (the serializer would refuse to write it).</summary>
    private string Escaped(JsonObject body)
    {
        var text = body.ToJsonString();
        return random.Next(8) == 0 ? text.Replace("hello", "\\ud800hello", StringComparison.Ordinal).Replace("\"v\"", "\"\\udc00\"", StringComparison.Ordinal) : text;
    }

    private FuzzRequest TruncatedJson()
    {
        var action = Pick(Actions);
        var text = Encoding.UTF8.GetBytes(Template(action).ToJsonString());
        return JsonRequest("json-truncated", action, text[..random.Next(text.Length)]);
    }

    private FuzzRequest NestedJson()
    {
        var depth = random.Next(10, 5000);
        var text = "{\"QueueUrl\":" + new string('[', depth) + new string(']', depth) + "}";
        return JsonRequest("json-nested", "GetQueueAttributes", Encoding.UTF8.GetBytes(text));
    }

    private FuzzRequest InvalidUtf8()
    {
        byte[][] bad = [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC3]];
        var junk = Pick(bad);
        if (random.Next(2) == 0)
        {
            var body = Encoding.UTF8.GetBytes("{\"QueueName\":\"q").Concat(junk).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();
            return JsonRequest("json-utf8", Pick(["CreateQueue", "GetQueueUrl"]), body);
        }

        var form = Encoding.UTF8.GetBytes("Action=CreateQueue&Version=2012-11-05&QueueName=q").Concat(junk).ToArray();
        return new FuzzRequest("query-utf8", HttpMethod.Post, "/", [new("Content-Type", Form)], form, Signed: random.Next(4) != 0);
    }

    private FuzzRequest MutatedQuery()
    {
        var action = Pick(Actions);
        var pairs = Flatten(Template(action)).Prepend(new("Action", action)).Append(new("Version", "2012-11-05")).ToList();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var index = random.Next(pairs.Count);
            pairs[index] = random.Next(4) switch
            {
                0 => new(pairs[index].Key, Pick(Numbers)),
                1 => new(pairs[index].Key + Pick(Hostile), pairs[index].Value),
                2 => new(pairs[index].Key, pairs[index].Value),
                _ => new(pairs[index].Key, Pick(Hostile)),
            };
            if (random.Next(5) == 0)
            {
                pairs.Add(pairs[index]);
            }
        }

        var text = string.Join('&', pairs.Select(p => Encode(p.Key) + "=" + Encode(p.Value)));
        return random.Next(4) == 0
            ? new FuzzRequest("query-get", HttpMethod.Get, "/?" + text.Replace("%2B", "+", StringComparison.Ordinal), [], [], Signed: random.Next(4) != 0)
            : new FuzzRequest("query-mutated", HttpMethod.Post, "/", [new("Content-Type", Form)], Encoding.UTF8.GetBytes(text), Signed: random.Next(4) != 0);
    }

    /// <summary>
    /// A presigned Query call (the credential and signature in the query string, no Authorization header) with hostile
    /// parts: the credential encoded or not, repeated, cut short, with '+' and bad escapes, its name encoded, and a hostile
    /// body. The region and service hints and the SigV4 query parser read these before any signature is checked. Now and
    /// then the same call carries a small chunked form body, which is read without a length.
    /// </summary>
    private FuzzRequest Presigned()
    {
        var credential = Pick([
            $"AKIASECQTESTADMIN001%2F20261130%2F{Pick(Regions)}%2F{Pick(["sqs", "sts", "cloudtrail"])}%2Faws4_request",
            "AKIASECQTESTADMIN001/20261130/us-east-1/sqs/aws4_request", Encode(Pick(Hostile)), "a%2Fb%2Fc%2Fd%2Fe", "%zz%2F", "+%2F+%2F+%2F+%2F+"]);
        var name = Pick(["X-Amz-Credential", "X-Amz-Credential", "X%2DAmz%2DCredential", "X-Amz-Credential+", Encode(Pick(Hostile))]);
        var query = $"Action=SendMessage&Version=2012-11-05&MessageBody={Encode(Pick(Hostile))}&X-Amz-Algorithm=AWS4-HMAC-SHA256&{name}={credential}"
            + $"&X-Amz-Date=20261130T000000Z&X-Amz-Expires={Pick(Numbers).Trim()}&X-Amz-SignedHeaders=host&X-Amz-Signature={new string('0', 64)}";
        if (random.Next(3) == 0)
        {
            query += $"&X-Amz-Credential={credential}";
        }

        var target = new Uri(queueUrl).AbsolutePath + "?" + query;
        return random.Next(4) == 0
            ? new FuzzRequest("presigned-chunked", HttpMethod.Post, target, [new("Content-Type", Form)], Encoding.UTF8.GetBytes("MessageBody=" + Encode(Pick(Hostile))), Signed: false, Chunked: true)
            : new FuzzRequest("presigned", HttpMethod.Get, target, [], [], Signed: false);
    }

    private FuzzRequest OversizedQuery()
    {
        var text = new StringBuilder("Action=SendMessage&Version=2012-11-05&QueueUrl=" + Uri.EscapeDataString(queueUrl) + "&MessageBody=x");
        var count = random.Next(2) == 0 ? random.Next(11, 200) : random.Next(1_000, 60_000);
        for (var n = 1; n <= count; n++)
        {
            text.Append("&MessageAttribute.").Append(n).Append(".Name=a").Append(n).Append("&MessageAttribute.").Append(n).Append(".Value.DataType=String");
        }

        return new FuzzRequest("query-oversized", HttpMethod.Post, "/", [new("Content-Type", Form)], Encoding.UTF8.GetBytes(text.ToString()), Signed: random.Next(3) != 0);
    }

    private FuzzRequest RandomBytes()
    {
        var body = new byte[random.Next(0, 4096)];
        random.NextBytes(body);
        var headers = random.Next(3) switch
        {
            0 => new List<KeyValuePair<string, string>> { new("Content-Type", Json), new("X-Amz-Target", "AmazonSQS." + Pick(Actions).Replace("\0", string.Empty, StringComparison.Ordinal)) },
            1 => [new("Content-Type", Form)],
            _ => [new("Content-Type", "application/octet-stream")],
        };
        return new FuzzRequest("random-bytes", HttpMethod.Post, "/", headers, body, Signed: random.Next(2) == 0);
    }

    private FuzzRequest OversizedChunked() =>
        new("chunked-oversized", HttpMethod.Post, "/", [new("Content-Type", Form)], new byte[(4 * 1024 * 1024) + random.Next(1, 512 * 1024)], Signed: false, Chunked: true);

    private FuzzRequest JsonRequest(string kind, string action, byte[] body)
    {
        var target = "AmazonSQS." + (random.Next(20) == 0 ? action + Pick(Hostile).Replace("\0", "%00", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal) : action.Replace("\0", string.Empty, StringComparison.Ordinal));
        target = new string(target.Where(c => c is >= ' ' and < '\u007f').ToArray());
        return new FuzzRequest(kind, HttpMethod.Post, "/", [new("Content-Type", Json), new("X-Amz-Target", target)], body, Signed: random.Next(5) != 0);
    }

    private static IEnumerable<KeyValuePair<string, string>> Flatten(JsonObject body)
    {
        foreach (var (name, value) in body)
        {
            switch (value)
            {
                case JsonArray list:
                    for (var i = 0; i < list.Count; i++)
                    {
                        if (list[i] is JsonObject entry)
                        {
                            foreach (var (k, v) in Flatten(entry))
                            {
                                yield return new($"{name}.{i + 1}.{k}", v);
                            }
                        }
                        else
                        {
                            yield return new($"{name}.{i + 1}", list[i]?.ToString() ?? string.Empty);
                        }
                    }

                    break;
                case JsonObject map:
                    var n = 1;
                    foreach (var (k, v) in map)
                    {
                        yield return new($"{name}.{n}.Name", k);
                        yield return new($"{name}.{n}.Value", v?.ToString() ?? string.Empty);
                        n++;
                    }

                    break;
                default:
                    yield return new(name, value?.ToString() ?? string.Empty);
                    break;
            }
        }
    }

    /// <summary>Percent-encodes, but lets a hostile <c>%00</c>/<c>%FF</c> through as the raw escape it spells.</summary>
    private static string Encode(string text) => text is "%00" or "%FF" or "%ED%A0%80" ? text : Uri.EscapeDataString(text);

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
