using SecureQueue.Crypto.Keys;

namespace SecureQueue.Crypto.Tests.Keys;

public sealed class KeyringTests
{
    // Base64 of 32 bytes of 0x01 and of 0x02, the keys TestKeys writes; no error message may contain them.
    private static readonly string[] KeyTexts = [Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray()), Convert.ToBase64String(Enumerable.Repeat((byte)2, 32).ToArray())];

    [Fact]
    public void FromJson_TwoVersions_LoadsBothWithCurrent()
    {
        var keyring = Keyring.FromJson(TestKeys.Json(versions: 2, current: 2), "SecureQueue:Keyring");

        Assert.Equal(2, keyring.CurrentVersion);
        Assert.Equal(2, keyring.Current.Version);
        Assert.Equal([1, 2], keyring.Versions.Select(v => v.Version));
        Assert.Equal([false, true], keyring.Versions.Select(v => v.IsCurrent));
        Assert.Equal(new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), keyring.Get(1).Created);
        Assert.Equal(Keyring.DefaultName, keyring.Get(1).KeyringName);
    }

    [Fact]
    public void Get_UnknownVersion_ThrowsKeyVersionNotFound()
    {
        var keyring = TestKeys.Keyring(2);

        var error = Assert.Throws<KeyVersionNotFoundException>(() => keyring.Get(3));

        Assert.Equal(3, error.Version);
        Assert.Equal("Keyring 'default' has no key-encryption key version 3.", error.Message);
        Assert.False(keyring.TryGet(0, out _));
    }

    public static TheoryData<string, string> InvalidKeyrings() => new()
    {
        { "{\"current\": 1, \"keys\": [ {\"version\": 1, \"key\": \"" + KeyTexts[0], "is not valid JSON (line 1, byte" },
        { "[]", "the top level must be an object" },
        { "{\"current\": 1, \"keys\": []}", "\"keys\" must be a non-empty array" },
        { "{\"current\": 1, \"keys\": [{\"version\": 1, \"key\": \"AAAA\", \"created\": \"2025-01-01T00:00:00Z\"}]}", "keys[0] (version 1).key must decode to 32 bytes, not 3" },
        { "{\"current\": 1, \"keys\": [{\"version\": 1, \"key\": \"" + KeyTexts[0] + "!\", \"created\": \"2025-01-01T00:00:00Z\"}]}", "keys[0] (version 1).key must be a base64 string" },
        { "{\"current\": 1, \"keys\": [{\"version\": 1, \"key\": \"" + KeyTexts[0] + "\", \"created\": \"2025-01-01T00:00:00Z\"}, {\"version\": 1, \"key\": \"" + KeyTexts[1] + "\", \"created\": \"2025-01-01T00:00:00Z\"}]}", "version 1 appears more than once" },
        { "{\"current\": 3, \"keys\": [{\"version\": 1, \"key\": \"" + KeyTexts[0] + "\", \"created\": \"2025-01-01T00:00:00Z\"}]}", "\"current\" is 3, which is not among the keys" },
        { "{\"current\": \"1\", \"keys\": [{\"version\": 0, \"key\": \"" + KeyTexts[0] + "\", \"created\": \"yesterday\"}]}", "\"current\" must be a positive integer; keys[0].version must be a positive integer; keys[0].created must be" },
        { "{\"current\": 1, \"keys\": [{\"version\": 1, \"key\": \"" + KeyTexts[0] + "\", \"created\": \"2025-01-01T00:00:00Z\", \"" + KeyTexts[1] + "\": 1}]}", "keys[0] (version 1) has a property other than" },
    };

    [Theory]
    [MemberData(nameof(InvalidKeyrings))]
    public void FromJson_Invalid_NamesSettingAndProblemButNoKeyMaterial(string json, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Keyring.FromJson(json, "SecureQueue:Keyring"));

        Assert.StartsWith("SecureQueue:Keyring ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        foreach (var key in KeyTexts)
        {
            Assert.DoesNotContain(key[..8], error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FromFile_WrittenByWriteFile_RoundTripsWithMode0600()
    {
        using var directory = new TempDirectory();
        var path = directory.File("keyring.json");
        var keyring = TestKeys.Keyring(2).Rotate();

        keyring.WriteFile(path);
        var loaded = Keyring.FromFile(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(3, loaded.CurrentVersion);
        Assert.Equal(keyring.Versions.Select(v => (v.Version, v.Created.ToUnixTimeSeconds())), loaded.Versions.Select(v => (v.Version, v.Created.ToUnixTimeSeconds())));
        Assert.Equal(keyring.ToJson(), loaded.ToJson());
        Assert.Single(Directory.GetFiles(directory.Path));
    }

    [Theory]
    [InlineData(UnixFileMode.OtherRead)]
    [InlineData(UnixFileMode.GroupRead)]
    public void FromFile_ReadableByOthers_RefusedWithoutReadingIt(UnixFileMode extra)
    {
        using var directory = new TempDirectory();
        var path = directory.File("keyring.json");
        File.WriteAllText(path, TestKeys.Json(1, 1));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | extra);

        var error = Assert.Throws<InvalidOperationException>(() => Keyring.FromFile(path));

        Assert.Equal($"SecureQueue:KeyringFile '{path}' is accessible to other users; set its mode to 0600.", error.Message);
    }

    [Fact]
    public void FromFile_Missing_NamesSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Keyring.FromFile("/nonexistent/keyring.json"));

        Assert.StartsWith("SecureQueue:KeyringFile points to '/nonexistent/keyring.json'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFile_InvalidContent_NamesFileSetting()
    {
        using var directory = new TempDirectory();
        var path = directory.File("keyring.json");
        File.WriteAllText(path, "{\"current\": 1, \"keys\": [{\"version\": 1, \"key\": \"AAAA\", \"created\": \"2025-01-01T00:00:00Z\"}]}");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var error = Assert.Throws<InvalidOperationException>(() => Keyring.FromFile(path));

        Assert.StartsWith($"SecureQueue:KeyringFile '{path}' is invalid: keys[0] (version 1).key must decode to 32 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rotate_AddsCurrentVersionAndKeepsOldOnes()
    {
        var keyring = TestKeys.Keyring(1);
        var now = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

        var rotated = keyring.Rotate(new FixedTime(now));

        Assert.Equal(1, keyring.CurrentVersion);
        Assert.Equal(2, rotated.CurrentVersion);
        Assert.Equal(now, rotated.Current.Created);
        Assert.Same(keyring.Get(1), rotated.Get(1));
        Assert.Equal([1, 2], rotated.Versions.Select(v => v.Version));
    }

    [Fact]
    public void FromMasterKey_VersionOneIsDerivedNotTheMasterKeyItself()
    {
        var raw = Enumerable.Repeat((byte)9, 32).ToArray();
        var keyring = Keyring.FromMasterKey(MasterKey.FromBase64(Convert.ToBase64String(raw), "k"), DateTimeOffset.UnixEpoch);

        Assert.Equal(1, keyring.CurrentVersion);
        Assert.DoesNotContain(Convert.ToBase64String(raw), keyring.ToJson(), StringComparison.Ordinal);
        Assert.Equal(keyring.ToJson(), Keyring.FromMasterKey(MasterKey.FromBase64(Convert.ToBase64String(raw), "k"), DateTimeOffset.UnixEpoch).ToJson());
    }

    [Fact]
    public void KekToString_NamesVersionOnly() => Assert.Equal("default/v1", TestKeys.Keyring().Current.ToString());

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("alias/orders")]
    public void FromJson_InvalidName_Throws(string name) =>
        Assert.Throws<ArgumentException>(() => Keyring.FromJson(TestKeys.Json(1, 1), "k", name));

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void Without_DropsOldVersions_NeverTheCurrent()
    {
        var keyring = Keyring.FromMasterKey(MasterKey.FromBase64(Convert.ToBase64String(new byte[32]), "k"), DateTimeOffset.UnixEpoch).Rotate().Rotate();
        var pruned = keyring.Without([1]);
        Assert.Equal([2, 3], pruned.Versions.Select(v => v.Version));
        Assert.Equal(3, pruned.CurrentVersion);
        Assert.Throws<ArgumentException>(() => keyring.Without([3]));
    }
}
