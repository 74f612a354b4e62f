using System.Diagnostics;
using System.Globalization;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.Benchmarks;

/// <summary>
/// Time from starting <c>secq serve</c> to its first answered request (a signed ListQueues over TLS, polled every
/// 50 ms), on a database the first start has already set up.
/// </summary>
internal static class StartupBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var starts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        await using var database = await TestDatabase.CreateAsync();
        var files = GatewayFiles.Create();
        try
        {
            using (await GatewayProcess.StartAsync(files, database.GatewayConnectionString, TestPorts.Next()))
            {
            }

            var times = new List<double>();
            for (var i = 0; i < starts; i++)
            {
                var clock = Stopwatch.StartNew();
                using var gateway = await GatewayProcess.StartAsync(files, database.GatewayConnectionString, TestPorts.Next());
                times.Add(clock.Elapsed.TotalSeconds);
            }

            Console.WriteLine($"start-up to first answered request: median {Tools.Median(times):F2} s over {starts} starts ({string.Join(" / ", times.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))})");
            return 0;
        }
        finally
        {
            Directory.Delete(files.Directory, recursive: true);
        }
    }
}
