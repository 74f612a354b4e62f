using Npgsql;
using SecureQueue.Crypto.Signatures;
using SecureQueue.Log.Audit;

namespace SecureQueue.Tests.Shared;

/// <summary>The production <see cref="ChainVerifier"/> over a test database: the one chain check every test uses.</summary>
public static class ChainCheck
{
    /// <param name="publicKey">The checkpoint key; without one, a key that signed nothing (so any stored checkpoint fails).</param>
    public static async Task<ChainReport> VerifyAsync(string connectionString, string? checkpointFile = null, byte[]? publicKey = null, long from = 1)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        publicKey ??= CheckpointSigningKey.Generate().PublicKey.ToArray();
        return await new ChainVerifier(dataSource).VerifyAsync(from, publicKey, checkpointFile, null, CancellationToken.None);
    }

    /// <summary>The findings, one a line, for an assertion message.</summary>
    public static string Describe(ChainReport report) =>
        string.Join(Environment.NewLine, report.Findings.Select(f => $"{f.Position} {f.Kind}: {f.Detail}"));
}
