using System.Security.Cryptography;
using System.Text;

namespace SecureQueue.Cli.Setup;

/// <summary>
/// File-system primitives for set-up. Secrets are created with mode 0600 from the first byte (never
/// written world-readable and tightened afterwards) and replaced atomically, so an interrupted run
/// leaves either the old file or the new one, never half a key.
/// </summary>
internal static class SecretFiles
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PublicFile = OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnlyFile | UnixFileMode.UserExecute;
    private const UnixFileMode OthersReadWrite =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
    private const UnixFileMode OthersAny = OthersReadWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Creates a directory with mode 0700, or removes read and write for others from an existing one.</summary>
    /// <remarks>
    /// Traverse bits on an existing directory are kept on purpose: scripts/up.sh grants them on the data
    /// directory so the postgres user can reach a cluster inside it. Traversal reveals no file names, and
    /// every secret inside is 0600 or sits in a 0700 subdirectory.
    /// </remarks>
    /// <returns>True when the directory was created.</returns>
    public static bool EnsurePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            var existed = Directory.Exists(path);
            Directory.CreateDirectory(path);
            return !existed;
        }

        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, OwnerOnlyDirectory);
            return true;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & OthersReadWrite) != 0)
        {
            File.SetUnixFileMode(path, mode & ~OthersReadWrite);
        }

        return false;
    }

    /// <summary>Writes a file only its owner can read.</summary>
    public static void WriteSecret(string path, string content) => Write(path, content, secret: true);

    /// <summary>Writes a file anyone may read, such as a certificate.</summary>
    public static void WritePublic(string path, string content) => Write(path, content, secret: false);

    /// <summary>Sets an existing secret file back to 0600 when someone widened it.</summary>
    /// <returns>True when the mode had to be changed.</returns>
    public static bool Tighten(string path)
    {
        if (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & OthersAny) == 0)
        {
            return false;
        }

        File.SetUnixFileMode(path, OwnerOnlyFile);
        return true;
    }

    private static void Write(string path, string content, bool secret)
    {
        var target = ResolveLink(path);
        var temporary = $"{target}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = secret ? OwnerOnlyFile : PublicFile;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Utf8NoBom.GetBytes(content));
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

    // Replacing a symbolic link (a dotfiles-managed ~/.aws/config, say) would silently detach it from its target.
    private static string ResolveLink(string path) =>
        File.Exists(path) && new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true) is { } target
            ? target.FullName
            : path;
}
