namespace SecureQueue.Crypto.Envelopes;

/// <summary>Why stored ciphertext did not open. Safe to log: none of these says anything about the key.</summary>
public enum EnvelopeFailure
{
    /// <summary>Too short, or lengths that do not add up.</summary>
    Malformed,

    /// <summary>A format version this build does not read.</summary>
    UnsupportedVersion,

    /// <summary>The ciphertext names another data key or keyring than the one given.</summary>
    KeyMismatch,

    /// <summary>The key commitment does not match: a different key, or a nonce or commitment altered.</summary>
    CommitmentMismatch,

    /// <summary>The GCM tag does not verify: ciphertext, tag or associated data altered or moved.</summary>
    AuthenticationFailed,
}

/// <summary>A sealed envelope or wrapped data key that did not open; no plaintext is ever returned with it.</summary>
public sealed class EnvelopeException : Exception
{
    public EnvelopeException(EnvelopeFailure failure)
        : base(Describe(failure))
    {
        Failure = failure;
    }

    public EnvelopeFailure Failure { get; }

    private static string Describe(EnvelopeFailure failure) => failure switch
    {
        EnvelopeFailure.Malformed => "The ciphertext is truncated or malformed.",
        EnvelopeFailure.UnsupportedVersion => "The ciphertext has an unsupported format version.",
        EnvelopeFailure.KeyMismatch => "The ciphertext was sealed under a different key.",
        EnvelopeFailure.CommitmentMismatch => "The ciphertext's key commitment does not match the key.",
        _ => "The ciphertext failed authentication.",
    };
}
