using System.Collections.Concurrent;

namespace SecureQueue.Gateway.Authentication.SigV4;

/// <summary>
/// One <see cref="SigV4Verifier"/> per signing service a protocol answers for (<c>sqs</c>, <c>cloudtrail</c>): a
/// credential scope names the service it was signed for, and a signature made for one service never verifies for
/// another, as at AWS. Service names come from protocol modules, never from requests.
/// </summary>
public sealed class SigV4Verifiers(SigV4Options options, Func<string, string?> secretForAccessKey, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Service, bool Unsigned), SigV4Verifier> verifiers = new();

    /// <param name="allowUnsignedPayload">True only for a protocol whose bodies need not be signed (see <see cref="SigV4Options.AllowUnsignedPayload"/>).</param>
    public SigV4Verifier For(string service, bool allowUnsignedPayload = false) =>
        verifiers.GetOrAdd((service, allowUnsignedPayload), key => new SigV4Verifier(
            options with { Service = key.Service, AllowUnsignedPayload = key.Unsigned }, secretForAccessKey, time));
}
