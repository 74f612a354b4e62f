using System.Collections.Concurrent;
using System.Security.Cryptography;
using SecureQueue.Crypto.Envelopes;
using SecureQueue.Crypto.Keys;

namespace SecureQueue.Crypto.Tests.Envelopes;

/// <summary>The key and commitment derived once per data key: their values, sharing across threads, and wiping.</summary>
public sealed class EnvelopeKeyTests
{
    private const int Threads = 24;
    private static readonly byte[] Aad = AssociatedData.For(TestKeys.QueueArn, Guid.Parse("5fea7756-0ea4-451a-a703-a558b933e274"), 1);

    [Fact]
    public void Derive_KnownKey_ReadmeVectors()
    {
        using var envelopeKey = EnvelopeKey.Derive(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), Enumerable.Repeat((byte)7, 32).ToArray());
        using var lease = envelopeKey.Rent();
        var ciphertext = new byte[1];
        var tag = new byte[16];

        lease.Aes.Encrypt(new byte[12], new byte[1], ciphertext, tag);

        Assert.Equal(Convert.FromHexString("620897d4481299116d0ec0a65e4393e959af4dee2eea63243041ab44b134c7ef"), lease.Commitment.ToArray());
        using var expected = new AesGcm(Convert.FromHexString("32844214685a6dd8bd189707b17419c2ae1292c8acbc0b93347a5ce832af7481"), 16);
        var plaintext = new byte[] { 0xFF };
        expected.Decrypt(new byte[12], ciphertext, tag, plaintext);
        Assert.Equal([0], plaintext);
    }

    [Fact]
    public void SealAndOpen_ManyThreadsFromFirstUse_EveryEnvelopeOpensAnywhere()
    {
        var keyId = Guid.NewGuid();
        using var key = TestKeys.DataKey(keyId, 3);
        using var twin = TestKeys.DataKey(keyId, 3);
        var sealedEnvelopes = new ConcurrentBag<(byte[] Plaintext, byte[] Envelope)>();

        RunOnThreads(thread =>
        {
            for (var i = 0; i < 200; i++)
            {
                var plaintext = TestKeys.Utf8($"thread {thread} message {i}");
                var envelope = Envelope.Seal(key, plaintext, Aad);
                Assert.Equal(plaintext, Envelope.Open(key, envelope, Aad));
                sealedEnvelopes.Add((plaintext, envelope));
                if (sealedEnvelopes.TryPeek(out var other))
                {
                    Assert.Equal(other.Plaintext, Envelope.Open(key, other.Envelope, Aad));
                }
            }
        });

        Assert.Equal(Threads * 200, sealedEnvelopes.Count);
        Assert.All(sealedEnvelopes, s => Assert.Equal(s.Plaintext, Envelope.Open(twin, s.Envelope, Aad)));
        Assert.Equal(sealedEnvelopes.Count, sealedEnvelopes.Select(s => Convert.ToHexString(s.Envelope, 17, 12)).Distinct().Count());
    }

    [Fact]
    public async Task Dispose_WhileOtherThreadsSeal_EveryEnvelopeSealedOpensThenSealingRefused()
    {
        var keyId = Guid.NewGuid();
        var key = TestKeys.DataKey(keyId, 4);
        using var twin = TestKeys.DataKey(keyId, 4);
        var sealedEnvelopes = new ConcurrentBag<byte[]>();
        using var started = new CountdownEvent(Threads);

        var sealing = Task.Run(() => RunOnThreads(_ =>
        {
            started.Signal();
            while (true)
            {
                try
                {
                    sealedEnvelopes.Add(Envelope.Seal(key, TestKeys.Utf8("sealed while disposing"), Aad));
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
            }
        }));
        started.Wait();
        SpinWait.SpinUntil(() => sealedEnvelopes.Count >= 1000);
        key.Dispose();
        await sealing;

        Assert.NotEmpty(sealedEnvelopes);
        Assert.All(sealedEnvelopes, e => Assert.Equal(TestKeys.Utf8("sealed while disposing"), Envelope.Open(twin, e, Aad)));
    }

    [Fact]
    public void Dispose_AfterUse_SealAndOpenRefused()
    {
        var key = DataKey.Generate();
        var envelope = Envelope.Seal(key, TestKeys.Utf8("before"), Aad);
        Assert.True(Envelope.TryOpen(key, envelope, Aad, out _));

        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => Envelope.Seal(key, TestKeys.Utf8("after"), Aad));
        Assert.Throws<ObjectDisposedException>(() => Envelope.Open(key, envelope, Aad));
        Assert.Throws<ObjectDisposedException>(() => Envelope.TryOpen(key, envelope, Aad, out _));
    }

    [Fact]
    public void Dispose_WhileRented_WipesWhenReturned()
    {
        var envelopeKey = EnvelopeKey.Derive(Guid.NewGuid(), TestKeys.Random(32));
        var lease = envelopeKey.Rent();
        var commitment = lease.Commitment;

        envelopeKey.Dispose();

        Assert.Throws<ObjectDisposedException>(() =>
        {
            using var refused = envelopeKey.Rent();
        });
        Assert.Contains(commitment.ToArray(), b => b != 0);
        lease.Aes.Encrypt(new byte[12], new byte[] { 1, 2, 3 }, new byte[3], new byte[16]);
        lease.Dispose();
        Assert.All(commitment.ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Rent_WhileOthersRented_DistinctInstances()
    {
        using var envelopeKey = EnvelopeKey.Derive(Guid.NewGuid(), TestKeys.Random(32));
        var first = envelopeKey.Rent();
        var second = envelopeKey.Rent();
        var third = envelopeKey.Rent();

        Assert.Equal(3, new HashSet<object>([first.Aes, second.Aes, third.Aes], ReferenceEqualityComparer.Instance).Count);
        third.Dispose();
        second.Dispose();
        first.Dispose();
        using var again = envelopeKey.Rent();
        again.Aes.Encrypt(new byte[12], Array.Empty<byte>(), Array.Empty<byte>(), new byte[16]);
    }

    // Real threads released together, so the first use and the pool are contended, not taken in turn.
    private static void RunOnThreads(Action<int> body)
    {
        using var barrier = new Barrier(Threads);
        var failures = new ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(0, Threads).Select(i => new Thread(() =>
        {
            barrier.SignalAndWait();
            try
            {
                body(i);
            }
            catch (Exception exception)
            {
                failures.Enqueue(exception);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (!failures.IsEmpty)
        {
            throw new AggregateException(failures);
        }
    }
}
