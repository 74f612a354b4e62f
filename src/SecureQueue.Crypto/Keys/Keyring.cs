using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace SecureQueue.Crypto.Keys;

/// <summary>
/// The versions of one key-encryption key, as Vault transit keeps them: new wraps use the current version,
/// unwrapping picks the version the wrapped key names, and rotating adds a version without dropping old ones.
/// Immutable: <see cref="Rotate"/> returns a new keyring for the caller to persist and swap in.
/// </summary>
public sealed partial class Keyring
{
    public const string DefaultName = "default";
    private readonly SortedDictionary<int, Kek> keys;

    private Keyring(string name, int currentVersion, SortedDictionary<int, Kek> keys)
    {
        Name = name;
        CurrentVersion = currentVersion;
        this.keys = keys;
        Versions = [.. keys.Values.Select(k => new KekVersionInfo(k.Version, k.Created, k.Version == currentVersion))];
    }

    /// <summary>The key family; it is written into every wrapped data key, so renaming one orphans its keys.</summary>
    public string Name { get; }

    public int CurrentVersion { get; }

    public Kek Current => keys[CurrentVersion];

    /// <summary>Every version, oldest first.</summary>
    public IReadOnlyList<KekVersionInfo> Versions { get; }

    public Kek Get(int version) =>
        TryGet(version, out var kek) ? kek : throw new KeyVersionNotFoundException(Name, version);

    public bool TryGet(int version, [NotNullWhen(true)] out Kek? kek) => keys.TryGetValue(version, out kek);

    /// <summary>A keyring with one more version, which becomes current.</summary>
    public Keyring Rotate(TimeProvider? timeProvider = null)
    {
        var version = checked(keys.Keys.Max() + 1);
        var created = (timeProvider ?? TimeProvider.System).GetUtcNow();
        var next = new SortedDictionary<int, Kek>(keys)
        {
            [version] = new Kek(Name, version, created, RandomNumberGenerator.GetBytes(Kek.Size)),
        };
        return new Keyring(Name, version, next);
    }

    /// <summary>A keyring without the given versions; the current version can never be removed.</summary>
    public Keyring Without(IEnumerable<int> versions)
    {
        var remaining = new SortedDictionary<int, Kek>(keys);
        foreach (var version in versions)
        {
            if (version == CurrentVersion)
            {
                throw new ArgumentException($"Version {version} is current and cannot be removed.", nameof(versions));
            }

            remaining.Remove(version);
        }

        return new Keyring(Name, CurrentVersion, remaining);
    }

    /// <summary>
    /// Serves a set-up that has only the single master key as version 1. The KEK is derived from it rather
    /// than being it, because the master key already keys HMACs (receipt handles) through HKDF; one key
    /// must never serve two algorithms. Rotate and persist to move to a keyring file.
    /// </summary>
    public static Keyring FromMasterKey(MasterKey masterKey, DateTimeOffset created, string name = DefaultName)
    {
        ValidateName(name);
        var kek = new Kek(name, 1, created, masterKey.Derive("secq/kek/v1", Kek.Size));
        return new Keyring(name, 1, new SortedDictionary<int, Kek> { [1] = kek });
    }

    internal static void ValidateName(string name)
    {
        if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException("A keyring name is 1 to 64 characters of A-Z, a-z, 0-9, '-', '_' and '.'.", nameof(name));
        }
    }
}
