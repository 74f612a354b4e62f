using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using SecureQueue.Gateway.Identity;
using SecureQueue.Proxy.Assertions;

namespace SecureQueue.Benchmarks;

/// <summary>
/// The front door's identity assertion (an ES256 JWT per proxied request): one at a time, and many at once on one
/// signer, as concurrent proxied requests sign, where one ECDSA instance behind one lock would let a single core sign.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class AssertionBenchmarks
{
    private const int ParallelOperations = 256;

    private static readonly Caller Caller = new("arn:aws:iam::000000000000:user/app", AuthenticationMethod.SigV4, "AKIA1",
        new IdentityRecord("app", "arn:aws:iam::000000000000:user/app", [], new Dictionary<string, string> { ["team"] = "orders" }));

    private ECDsa key = null!;
    private AssertionSigner signer = null!;

    [GlobalSetup]
    public void Setup()
    {
        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        signer = new AssertionSigner(key, "https://gateway.test", TimeSpan.FromSeconds(60), TimeProvider.System);
    }

    [GlobalCleanup]
    public void Cleanup() => key.Dispose();

    [Benchmark]
    public string Sign() => signer.Sign(Caller, "orders-cluster", "orders", Guid.Empty);

    [Benchmark(OperationsPerInvoke = ParallelOperations)]
    public void Sign_Parallel() =>
        Parallel.For(0, ParallelOperations, _ => signer.Sign(Caller, "orders-cluster", "orders", Guid.Empty));
}
