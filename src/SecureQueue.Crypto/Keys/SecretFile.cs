using System.Security.Cryptography;

namespace SecureQueue.Crypto.Keys;

/// <summary>
/// Files that hold secrets (keys, the identities file, the TLS private key). Reading refuses a file other users
/// can reach; writing creates the file 0600 from its first byte and renames it into place, so a crash leaves the
/// old key or the new, never half. The one mode check for every secret file the gateway reads.
/// </summary>
public static class SecretFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OthersAny = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>The file's bytes; the caller zeroes them once parsed.</summary>
    public static byte[] ReadAllBytes(string path, string settingName)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{settingName} points to '{path}', which does not exist.");
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & OthersAny) != 0)
        {
            throw new InvalidOperationException($"{settingName} '{path}' is accessible to other users; set its mode to 0600.");
        }

        return File.ReadAllBytes(path);
    }

    public static void WriteAtomically(string path, ReadOnlySpan<byte> contents)
    {
        var target = Path.GetFullPath(path);
        var temporary = $"{target}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
