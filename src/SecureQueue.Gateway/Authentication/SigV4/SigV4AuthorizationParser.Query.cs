using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using QueryParameter = SecureQueue.Gateway.Authentication.SigV4.SigV4Canonicalizer.QueryParameter;

namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>The presigned-URL form: <c>X-Amz-Algorithm</c>, <c>X-Amz-Credential</c>, ... in the query string.</summary>
internal static partial class SigV4AuthorizationParser
{
    public static bool TryParseQuery(
        IReadOnlyList<QueryParameter> query,
        TimeSpan maxExpiry,
        [NotNullWhen(true)] out SigV4Authorization? result,
        [NotNullWhen(false)] out SigV4Result? failure)
    {
        result = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in query.Where(p => IsQueryAuthParameter(p.Name)))
        {
            if (!values.TryAdd(parameter.Name, parameter.Value))
            {
                return Fail($"AWS query-string parameter '{parameter.Name}' must appear only once.", null, out failure);
            }
        }

        var missing = QueryParameters.Where(n => !values.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            var message = string.Concat(missing.Select(n => $"AWS query-string parameters must include '{n}'. "));
            return Fail(message + "Re-examine the query-string parameters.", null, out failure);
        }

        if (values["X-Amz-Algorithm"] != SigV4Canonicalizer.Algorithm)
        {
            return Fail(SigV4Messages.UnsupportedAlgorithm, null, out failure);
        }

        if (!SigV4Credential.TryParse(values["X-Amz-Credential"], out var credential, out failure))
        {
            return false;
        }

        var keyId = credential.AccessKeyId;
        var amzDate = values["X-Amz-Date"];
        if (!SigV4Timestamp.TryParseIso(amzDate, out var signedAt))
        {
            return Fail(SigV4Messages.BadDate, keyId, out failure);
        }

        var expires = values["X-Amz-Expires"];
        if (expires.Length is 0 or > 9 || !expires.All(char.IsAsciiDigit))
        {
            return Fail("X-Amz-Expires should be a non-negative number of seconds.", keyId, out failure);
        }

        var lifetime = TimeSpan.FromSeconds(int.Parse(expires, CultureInfo.InvariantCulture));
        if (lifetime > maxExpiry)
        {
            return Fail(
                $"X-Amz-Expires must be less than or equal to {(long)maxExpiry.TotalSeconds} seconds.", keyId, out failure);
        }

        return TryComplete(
            credential, values["X-Amz-SignedHeaders"], values[SigV4Canonicalizer.SignatureParameter], amzDate, signedAt, lifetime,
            out result, out failure);
    }
}
