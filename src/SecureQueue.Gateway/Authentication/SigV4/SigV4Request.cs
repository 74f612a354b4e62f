namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>
/// A request exactly as it arrived, before any framework decoding, so that it can be canonicalized the way the
/// client signed it.
/// </summary>
/// <param name="Method">The HTTP method, e.g. <c>POST</c>.</param>
/// <param name="RawTarget">
/// The raw request target (path plus optional <c>?query</c>), not URL-decoded. ASP.NET Core's
/// <c>HttpRequest.Path</c> is already decoded and must not be used here.
/// </param>
/// <param name="Headers">Every header line in arrival order; repeated headers are repeated entries.</param>
/// <param name="Body">The raw body bytes, hashed before any model binding.</param>
public sealed record SigV4Request(
    string Method,
    string RawTarget,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body);
