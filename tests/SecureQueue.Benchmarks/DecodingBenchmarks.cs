using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using SecureQueue.Sqs;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Messages;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Benchmarks;

/// <summary>
/// The worst requests that fit in MaxRequestBytes (4 MiB), decoded as SendMessage would read them: the hardening
/// review's bound is under 20 ms of CPU each (one request once cost 178 s).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class DecodingBenchmarks
{
    private const int MaxRequestBytes = 4 * 1024 * 1024;

    private byte[] queryEscapes = null!;
    private byte[] queryEmptyPairs = null!;
    private byte[] queryManyAttributes = null!;
    private byte[] queryDeepNames = null!;
    private byte[] jsonWideAttributeMap = null!;
    private byte[] jsonEscapedStrings = null!;
    private byte[] jsonManyMembers = null!;

    [GlobalSetup]
    public void Setup()
    {
        var perValue = (MaxRequestBytes / 1000) - 32;
        queryEscapes = Fill("Action=SendMessage&MessageBody=x", n => $"&MessageAttribute.{n}.Value.StringValue={Repeat("%41", perValue / 3)}", 998);
        queryEmptyPairs = Fill("Action=SendMessage&MessageBody=x", _ => "&", int.MaxValue);
        queryManyAttributes = Fill("Action=SendMessage&MessageBody=x", n => $"&MessageAttribute.{n}.Name=a", int.MaxValue);
        queryDeepNames = Fill("Action=SendMessage&MessageBody=x", n => $"&MessageAttribute.{n}{Repeat(".1", 115)}=1", 998);
        jsonWideAttributeMap = Json("{\"MessageBody\":\"x\",\"MessageAttributes\":{", n => $"{(n == 1 ? "" : ",")}\"a{n}\":{{\"DataType\":\"String\",\"StringValue\":\"v\"}}", "}}");
        jsonEscapedStrings = Json("{\"MessageBody\":\"", _ => "\\u0041", "\"}");
        jsonManyMembers = Json("{\"MessageBody\":\"x\"", n => $",\"m{n}\":1", "}");
    }

    [Benchmark]
    public int QueryPercentEscapes() => SendMessageQuery(queryEscapes);

    [Benchmark]
    public int QueryEmptyPairs() => SendMessageQuery(queryEmptyPairs);

    [Benchmark]
    public int QueryManyAttributes() => SendMessageQuery(queryManyAttributes);

    [Benchmark]
    public int QueryDeepNames() => SendMessageQuery(queryDeepNames);

    [Benchmark]
    public int JsonWideAttributeMap() => SendMessageJson(jsonWideAttributeMap);

    [Benchmark]
    public int JsonEscapedStrings() => SendMessageJson(jsonEscapedStrings);

    [Benchmark]
    public int JsonManyMembers() => SendMessageJson(jsonManyMembers);

    private static int SendMessageQuery(byte[] body)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.ContentType = "application/x-www-form-urlencoded";
        return Read(() => ProtocolDecoder.Decode(http.Request, SqsProtocol.Query, body).Parameters);
    }

    private static int SendMessageJson(byte[] body) => Read(() => JsonParameters.Parse(body));

    /// <summary>Everything SendMessage reads before it touches a queue; a refusal is as good an outcome as a parse.</summary>
    private static int Read(Func<SqsParameters> decode)
    {
        try
        {
            return SendRequest.Parse(decode()).Size;
        }
        catch (SqsException error)
        {
            return error.Message.Length;
        }
    }

    private static byte[] Fill(string start, Func<int, string> item, int count)
    {
        var text = new StringBuilder(start, MaxRequestBytes);
        for (var n = 1; n <= count; n++)
        {
            var next = item(n);
            if (text.Length + next.Length > MaxRequestBytes)
            {
                break;
            }

            text.Append(next);
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static byte[] Json(string start, Func<int, string> item, string end)
    {
        var text = new StringBuilder(start, MaxRequestBytes);
        for (var n = 1; text.Length + 64 + end.Length < MaxRequestBytes; n++)
        {
            text.Append(item(n));
        }

        return Encoding.ASCII.GetBytes(text.Append(end).ToString());
    }

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();
}
