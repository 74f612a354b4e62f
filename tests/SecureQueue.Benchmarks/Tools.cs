using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SecureQueue.Benchmarks;

/// <summary>Runs the outside tools a comparison needs (pgbench, wrk, node) and reads the one number each reports.</summary>
internal static partial class Tools
{
    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? directory = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory ?? Environment.CurrentDirectory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} exited with {process.ExitCode}: {await error}");
        }

        return await output;
    }

    /// <summary>The number after <paramref name="label"/> in a tool's output, e.g. pgbench's "tps = 7293.1".</summary>
    public static double Number(string output, string label)
    {
        var match = Regex.Match(output, Regex.Escape(label) + @"\s*([0-9]+(?:\.[0-9]+)?)([kM]?)");
        if (!match.Success)
        {
            throw new InvalidOperationException($"'{label}' not found in:\n{output}");
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "k" => value * 1e3, "M" => value * 1e6, _ => value };
    }

    /// <summary>
    /// CPU time used so far by every PostgreSQL process on this machine (backends, WAL writer, checkpointer), read from
    /// /proc: the database's share of a figure, which its throughput alone hides on a machine it shares with the gateway.
    /// A backend that exits between two readings takes its time with it; the benchmarks keep their connections open.
    /// </summary>
    public static TimeSpan PostgresProcessorTime()
    {
        var ticks = 0L;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var close = stat.LastIndexOf(')');
                if (close < 0 || stat.IndexOf("(postgres)", StringComparison.Ordinal) < 0)
                {
                    continue;
                }

                // Fields after the command name: state is field 3, utime and stime are fields 14 and 15, and cutime and
                // cstime (16 and 17) the time of reaped children: the postmaster's holds the backends that exited, such
                // as pgbench's at the end of its run.
                var fields = stat[(close + 2)..].Split(' ');
                ticks += fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The process ended while being read.
            }
        }

        // Linux reports these in clock ticks of 1/100 s (USER_HZ) on every platform .NET runs on.
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    [GeneratedRegex("\"rate\":([0-9.eE+-]+)")]
    public static partial Regex Rate();

    [GeneratedRegex("([0-9]+) requests in")]
    public static partial Regex Requests();

    [GeneratedRegex("\"errors\":([0-9]+)")]
    public static partial Regex Errors();
}
