using BenchmarkDotNet.Running;
using SecureQueue.Benchmarks;

// dotnet run -c Release --project tests/SecureQueue.Benchmarks -- micro [BenchmarkDotNet args]  (policy, SigV4, MD5)
// dotnet run -c Release --project tests/SecureQueue.Benchmarks -- send [calls] [concurrency]    (end to end; needs ConnectionStrings__SecureQueue)
// dotnet run -c Release --project tests/SecureQueue.Benchmarks -- compare [runs] [seconds] [lean|send,batch,cycle] (against pgbench and fauxqs; "lean" skips the SDK figures, a list runs only those; see README.md)
// dotnet run -c Release --project tests/SecureQueue.Benchmarks -- startup [starts]              (start-up to the first answered request)
// dotnet run -c Release --project tests/SecureQueue.Benchmarks -- verify [events]                (secq audit verify's rate; needs ConnectionStrings__SecureQueue)
// dotnet run -c Release --project tests/SecureQueue.Benchmarks -- lookup [events] [runs]         (LookupEvents' first page per attribute; needs ConnectionStrings__SecureQueue)
// dotnet run -c Release --project tests/SecureQueue.Benchmarks -- proxy [requests] [concurrency] [rounds]  (front door against bare YARP; needs ConnectionStrings__SecureQueue)
// dotnet run -c Release --project tests/SecureQueue.Benchmarks -- fifo [messages] [concurrency] [groups]  (FIFO against standard send and receive; needs ConnectionStrings__SecureQueue)
// dotnet run -c Release --project tests/SecureQueue.Benchmarks -- heartbeat [messages] [concurrency]       (receive, two visibility changes, delete; needs ConnectionStrings__SecureQueue)
// dotnet run -c Release --project tests/SecureQueue.Benchmarks -- counts [messages] [runs]                  (GetQueueAttributes' counts on a deep backlog; needs ConnectionStrings__SecureQueue)
// dotnet run -c Release --project tests/SecureQueue.Benchmarks -- purge [messages]                          (sends to another queue while a deep queue is purged; needs ConnectionStrings__SecureQueue)
return args switch
{
    ["micro", .. var rest] => Run(rest),
    ["send", .. var rest] => await SendBenchmark.RunAsync(rest),
    ["compare", .. var rest] => await CompareBenchmark.RunAsync(rest),
    ["startup", .. var rest] => await StartupBenchmark.RunAsync(rest),
    ["verify", .. var rest] => await VerifyBenchmark.RunAsync(rest),
    ["lookup", .. var rest] => await LookupBenchmark.RunAsync(rest),
    ["proxy", .. var rest] => await ProxyBenchmark.RunAsync(rest),
    ["fifo", .. var rest] => await FifoBenchmark.RunAsync(rest),
    ["heartbeat", .. var rest] => await HeartbeatBenchmark.RunAsync(rest),
    ["counts", .. var rest] => await CountsBenchmark.RunAsync(rest),
    ["purge", .. var rest] => await PurgeBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int Run(string[] rest)
{
    BenchmarkSwitcher.FromAssembly(typeof(PolicyBenchmarks).Assembly).Run(rest.Length == 0 ? ["--filter", "*"] : rest);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: micro [BenchmarkDotNet args] | send [calls=20000] [concurrency=64] | compare [runs=3] [seconds=10] [lean|send,batch,cycle] | startup [starts=5] | verify [events=300000] | lookup [events=1000000] [runs=7] | proxy [requests=20000] [concurrency=32] [rounds=3] | fifo [messages=6000] [concurrency=32] [groups=100] | heartbeat [messages=6000] [concurrency=32] | counts [messages=1000000] [runs=7] | purge [messages=1000000]");
    return 64;
}
