using System.Buffers;
using System.Text;

namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>The request target's part of the canonical request: its path and its query, each normalized and encoded again.</summary>
public static partial class SigV4Canonicalizer
{
    private static readonly SearchValues<char> Unreserved =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~");

    private static readonly SearchValues<char> PathCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~/");

    /// <summary>Normalizes the raw path and encodes it again, like <c>quote(normalize_url_path(path), safe='/~')</c>.</summary>
    public static string CanonicalPath(string rawTarget)
    {
        ArgumentNullException.ThrowIfNull(rawTarget);
        return CanonicalPathOf(PathOf(rawTarget)).ToString();
    }

    /// <summary>
    /// Decodes each raw name and value, re-encodes them strictly (space as "%20"), sorts by encoded name and then
    /// encoded value, and joins with '&amp;'. Re-encoding makes a client's loose encoding ("ሴ", "%7e") and its strict
    /// encoding canonicalize identically.
    /// </summary>
    public static string CanonicalQuery(string rawTarget, bool excludeSignature)
    {
        using var output = new Utf8Buffer(rawTarget.Length);
        WriteQuery(output, ParseQuery(rawTarget), excludeSignature);
        return output.ToString();
    }

    internal static IReadOnlyList<QueryParameter> ParseQuery(string rawTarget)
    {
        var start = rawTarget.IndexOf('?', StringComparison.Ordinal);
        if (start < 0)
        {
            return [];
        }

        var result = new List<QueryParameter>();
        var rest = rawTarget.AsSpan(start + 1);
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf('&');
            var pair = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];

            // Empty segments ("a=1&&b=2", a trailing '&') carry no parameter; no SigV4 signer emits them.
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var rawName = equals < 0 ? pair : pair[..equals];
            var rawValue = equals < 0 ? [] : pair[(equals + 1)..];

            // Unreserved characters alone decode to themselves and encode back unchanged: most parameters, and all of a
            // presigned URL's own.
            if (!rawName.ContainsAnyExcept(Unreserved) && !rawValue.ContainsAnyExcept(Unreserved))
            {
                var (name, value) = (rawName.ToString(), rawValue.ToString());
                result.Add(new QueryParameter(name, value, name, value));
                continue;
            }

            var decodedName = SigV4Encoding.Decode(rawName.ToString());
            var decodedValue = SigV4Encoding.Decode(rawValue.ToString());
            result.Add(new QueryParameter(
                Encoding.UTF8.GetString(decodedName),
                Encoding.UTF8.GetString(decodedValue),
                SigV4Encoding.Encode(decodedName, keepSlash: false),
                SigV4Encoding.Encode(decodedValue, keepSlash: false)));
        }

        return result;
    }

    private static void WriteQuery(Utf8Buffer output, IReadOnlyList<QueryParameter> query, bool excludeSignature)
    {
        var pairs = new QueryParameter[query.Count];
        var count = 0;
        foreach (var parameter in query)
        {
            if (!(excludeSignature && parameter.Name == SignatureParameter))
            {
                pairs[count++] = parameter;
            }
        }

        // Pairs that compare equal are equal strings, so an unstable sort writes the same bytes as a stable one.
        Array.Sort(pairs, 0, count, EncodedOrder.Instance);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                output.Append((byte)'&');
            }

            output.Append(pairs[i].EncodedName).Append((byte)'=').Append(pairs[i].EncodedValue);
        }
    }

    /// <summary>
    /// A path of unreserved characters and single slashes with no "." or ".." segment normalizes and encodes to itself:
    /// what SDKs send, checked without building the segments.
    /// </summary>
    private static bool IsCanonicalPath(ReadOnlySpan<char> path)
    {
        if (path.IsEmpty || path[0] != '/' || path.ContainsAnyExcept(PathCharacters))
        {
            return false;
        }

        var rest = path[1..];
        foreach (var range in rest.Split('/'))
        {
            var segment = rest[range];
            var last = range.End.GetOffset(rest.Length) == rest.Length;
            if ((segment.IsEmpty && !last) || segment is "." or "..")
            {
                return false;
            }
        }

        return true;
    }

    private static ReadOnlySpan<char> CanonicalPathOf(ReadOnlySpan<char> path) =>
        IsCanonicalPath(path) ? path : SigV4Encoding.Encode(SigV4Encoding.RemoveDotSegments(path.ToString()), keepSlash: true);

    // Absolute-form targets ("http://host/path", sent to proxies) are signed by their path alone.
    private static ReadOnlySpan<char> PathOf(string rawTarget)
    {
        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? rawTarget.AsSpan() : rawTarget.AsSpan(0, query);
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (!path.StartsWith('/') && scheme >= 0)
        {
            var slash = path[(scheme + 3)..].IndexOf('/');
            path = slash < 0 ? "/" : path[(scheme + 3 + slash)..];
        }

        return path;
    }

    private sealed class EncodedOrder : IComparer<QueryParameter>
    {
        public static readonly EncodedOrder Instance = new();

        public int Compare(QueryParameter? x, QueryParameter? y)
        {
            var byName = string.CompareOrdinal(x!.EncodedName, y!.EncodedName);
            return byName != 0 ? byName : string.CompareOrdinal(x.EncodedValue, y.EncodedValue);
        }
    }

    internal sealed record QueryParameter(string Name, string Value, string EncodedName, string EncodedValue);
}
