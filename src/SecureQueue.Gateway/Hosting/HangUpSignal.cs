using System.Globalization;

namespace SecureQueue.Gateway.Hosting;

/// <summary>
/// Whether this process was started with SIGHUP ignored (<c>nohup</c> does that, and children inherit it). .NET then
/// never delivers SIGHUP to a registration, so a reload on SIGHUP cannot happen.
/// </summary>
internal static class HangUpSignal
{
    public static bool Ignored()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        // SigIgn is the mask of ignored signals in hexadecimal; SIGHUP (1) is its lowest bit.
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)
            && (mask & 1) != 0;
    }
}
