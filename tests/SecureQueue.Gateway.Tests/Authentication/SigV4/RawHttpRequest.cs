using System.Text;
using SecureQueue.Gateway.Authentication.SigV4;

namespace SecureQueue.Gateway.Tests.Authentication.SigV4;

/// <summary>Reads the raw HTTP/1.1 text of the AWS test-suite ".req" files into a <see cref="SigV4Request"/>.</summary>
internal static class RawHttpRequest
{
    public static SigV4Request Parse(string raw)
    {
        var split = raw.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? raw : raw[..split];
        var body = split < 0 ? string.Empty : raw[(split + 2)..];
        var lines = head.Split('\n');
        var method = lines[0][..lines[0].IndexOf(' ', StringComparison.Ordinal)];
        var target = lines[0][(method.Length + 1)..lines[0].LastIndexOf(" HTTP/", StringComparison.Ordinal)];
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            // Obsolete line folding (get-header-value-multiline) reaches the verifier unchanged, as a raw value with
            // an embedded newline; collapsing it is the canonicalizer's job.
            if (line.StartsWith(' ') || line.StartsWith('\t'))
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + "\n" + line);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }

        return new SigV4Request(method, target, headers, Encoding.UTF8.GetBytes(body));
    }
}
