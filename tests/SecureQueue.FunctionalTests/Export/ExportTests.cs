using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecureQueue.Cli.Commands;
using SecureQueue.Crypto.Signatures;
using SecureQueue.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SecureQueue.FunctionalTests.Export;

/// <summary>
/// <c>secq audit export</c> of a log a real gateway wrote, in two runs (the first stopped by <c>--to-time</c>), and
/// <c>validate-export</c> over it and over copies tampered in every way validate-logs knows, and a few it does not.
/// </summary>
public sealed class ExportTests(ExportFixture fixture, ITestOutputHelper log) : IClassFixture<ExportFixture>
{
    private ExportWorkspace Workspace => fixture.Workspace;

    [Fact]
    public async Task Export_GatewayLog_EveryPositionOnceInOrderAndValid()
    {
        var last = await Workspace.LastPositionAsync();
        var records = ExportWorkspace.Records(fixture.Export);
        Assert.Equal(Enumerable.Range(1, (int)last).Select(p => (long)p), records.Select(r => r.GetProperty("additionalEventData").GetProperty("logPosition").GetInt64()));
        var ids = await Workspace.Gateway.Database.RowsAsync($"select id from events where position <= {last} order by position");
        Assert.Equal(ids.Select(r => r[0]!.ToString()), records.Select(r => r.GetProperty("eventID").GetString()));
        Assert.Contains(records, r => r.TryGetProperty("errorCode", out var code) && code.GetString() == "AccessDenied");
        Assert.DoesNotContain("secret order", string.Join('\n', records.Select(r => r.GetRawText())), StringComparison.Ordinal);
        Assert.Equal(2, ExportWorkspace.LogFiles(fixture.Export).Count);
        Assert.All(ExportWorkspace.LogFiles(fixture.Export), f => Assert.Matches(
            @"^AWSLogs/000000000000/CloudTrail/us-east-1/\d{4}/\d{2}/\d{2}/000000000000_CloudTrail_us-east-1_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$", f));

        var (code, output, _) = await Workspace.ValidateAsync(log, fixture.Export);
        Assert.Equal(AuditCommand.Intact, code);
        Assert.Contains($"valid cloudtrail export: 2 digests, 2 log files, {last} records (positions 1 to {last})", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_EachRun_IsAnAuditedEventWrittenBeforeItExports()
    {
        var rows = await Workspace.Gateway.Database.RowsAsync(
            "select principal_arn, data -> 'detail' ->> 'format', data -> 'detail' ->> 'directory', data -> 'detail' ->> 'toTime', data ->> 'readOnly' from events where action = 'ExportAuditLog' order by seq_id");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(($"secq:operator/{Environment.UserName}", "cloudtrail", Path.GetFullPath(fixture.Export), "true"), ((string)r[0]!, (string)r[1]!, (string)r[2]!, (string)r[4]!)));
        Assert.NotNull(rows[0][3]);
        Assert.Null(rows[1][3]);

        // A connection that can read the log but not write to it: the run cannot record itself, so it exports nothing.
        var readOnly = new Npgsql.NpgsqlConnectionStringBuilder(Workspace.Gateway.Database.GatewayConnectionString) { Options = "-c default_transaction_read_only=on" };
        var directory = Workspace.NewDirectory();
        var (code, _, error) = await ExportWorkspace.RunAsync(log, (args, output, errors) => AuditCommand.RunAsync(args, output, errors),
            ["export", "--to", directory, "--connection", readOnly.ConnectionString, "--key", Workspace.Gateway.Files.CheckpointKeyFile]);
        Assert.NotEqual(AuditCommand.Intact, code);
        Assert.Contains("read-only transaction", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any(), "a run that could not record itself wrote files");
        Assert.Equal(2, await Workspace.Gateway.Database.ScalarAsync<long>("select count(*) from events where action = 'ExportAuditLog'"));
    }

    [Fact]
    public async Task Digests_NameCheckpointOfLastRecordAndChain()
    {
        var digests = ExportWorkspace.Digests(fixture.Export);
        Assert.Equal(2, digests.Count);
        var (first, second) = (Digest(digests[0]), Digest(digests[1]));
        Assert.Equal(JsonValueKind.Null, first.GetProperty("previousDigestSignature").ValueKind);
        var firstSignature = File.ReadAllText(Path.Combine(fixture.Export, digests[0] + ".sig")).Trim();
        Assert.Equal(firstSignature, second.GetProperty("previousDigestSignature").GetString());
        Assert.Equal(digests[0], second.GetProperty("previousDigestS3Object").GetString());
        Assert.Equal(first.GetProperty("digestEndTime").GetString(), second.GetProperty("digestStartTime").GetString());
        Assert.Equal(first.GetProperty("lastPosition").GetInt64() + 1, second.GetProperty("firstPosition").GetInt64());
        Assert.Equal(CheckpointSigningKey.FingerprintOf(Workspace.Gateway.Files.CheckpointPublicKey), second.GetProperty("digestPublicKeyFingerprint").GetString());

        var last = await Workspace.LastPositionAsync();
        var checkpoint = second.GetProperty("checkpoint");
        Assert.Equal(last, checkpoint.GetProperty("position").GetInt64());
        Assert.Equal(last, second.GetProperty("lastPosition").GetInt64());
        var hash = Convert.ToHexStringLower(await Workspace.Gateway.Database.ScalarAsync<byte[]>($"select hash from seals where position = {last}"));
        Assert.Equal(hash, second.GetProperty("lastSealHash").GetString());
        Assert.Equal(hash, checkpoint.GetProperty("hash").GetString());

        var (code, output, _) = await Workspace.ValidateAsync(log, fixture.Export, "--connection", Workspace.Gateway.Database.ConnectionString);
        Assert.Equal(AuditCommand.Intact, code);
        Assert.Contains("valid cloudtrail export", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FlipByte_CompressedLogFile_HashMismatch()
    {
        var (copy, file) = (Workspace.Copy(fixture.Export), ExportWorkspace.LogFilesInOrder(fixture.Export)[0]);
        var bytes = File.ReadAllBytes(Path.Combine(copy, file));
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(Path.Combine(copy, file), bytes);
        await AssertFirstProblemAsync(copy, $"Log file {file} INVALID: hash value doesn't match");
    }

    [Fact]
    public async Task FlipByte_InsideLogFile_HashMismatch()
    {
        var (copy, file) = (Workspace.Copy(fixture.Export), ExportWorkspace.LogFilesInOrder(fixture.Export)[1]);
        var content = ExportWorkspace.Gunzip(Path.Combine(copy, file));
        var at = Encoding.UTF8.GetString(content).IndexOf("AccessDenied", StringComparison.Ordinal);
        content[at] = (byte)'a';
        ExportWorkspace.Gzip(Path.Combine(copy, file), content);
        await AssertFirstProblemAsync(copy, $"Log file {file} INVALID: hash value doesn't match");
    }

    [Fact]
    public async Task DeleteLogFile_NotFound()
    {
        var (copy, file) = (Workspace.Copy(fixture.Export), ExportWorkspace.LogFilesInOrder(fixture.Export)[0]);
        File.Delete(Path.Combine(copy, file));
        await AssertFirstProblemAsync(copy, $"Log file {file} INVALID: not found");
    }

    [Fact]
    public async Task SwapLogFiles_FirstIsCaught()
    {
        var copy = Workspace.Copy(fixture.Export);
        var (a, b) = (ExportWorkspace.LogFilesInOrder(copy)[0], ExportWorkspace.LogFilesInOrder(copy)[1]);
        var first = File.ReadAllBytes(Path.Combine(copy, a));
        File.Copy(Path.Combine(copy, b), Path.Combine(copy, a), overwrite: true);
        File.WriteAllBytes(Path.Combine(copy, b), first);
        await AssertFirstProblemAsync(copy, $"Log file {a} INVALID: hash value doesn't match");
    }

    [Fact]
    public async Task RenameLogFile_NotFoundAndExtraFileReported()
    {
        var (copy, file) = (Workspace.Copy(fixture.Export), ExportWorkspace.LogFilesInOrder(fixture.Export)[1]);
        var renamed = file.Replace(".json.gz", "X.json.gz", StringComparison.Ordinal);
        File.Move(Path.Combine(copy, file), Path.Combine(copy, renamed));
        var output = await AssertFirstProblemAsync(copy, $"Log file {file} INVALID: not found");
        Assert.Contains($"Log file {renamed} INVALID: not named by any digest", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditDigest_SignatureVerificationFailed()
    {
        var copy = Workspace.Copy(fixture.Export);
        var digest = ExportWorkspace.Digests(copy)[0];
        var text = Encoding.UTF8.GetString(ExportWorkspace.Gunzip(Path.Combine(copy, digest)));
        ExportWorkspace.Gzip(Path.Combine(copy, digest), Encoding.UTF8.GetBytes(text.Replace("\"lastPosition\":", "\"lastPosition\":1", StringComparison.Ordinal)));
        await AssertFirstProblemAsync(copy, $"Digest file {digest} INVALID: signature verification failed");
    }

    [Fact]
    public async Task ForgedDigestSignature_SignatureVerificationFailed()
    {
        var copy = Workspace.Copy(fixture.Export);
        var digest = ExportWorkspace.Digests(copy)[^1];
        var forged = CheckpointSigningKey.Generate().Sign(File.ReadAllBytes(Path.Combine(copy, digest)));
        File.WriteAllText(Path.Combine(copy, digest + ".sig"), Convert.ToHexStringLower(forged) + "\n");
        await AssertFirstProblemAsync(copy, $"Digest file {digest} INVALID: signature verification failed");
    }

    [Fact]
    public async Task DeleteNewestDigest_StateNamesIt_NotFound()
    {
        var copy = Workspace.Copy(fixture.Export);
        var digest = ExportWorkspace.Digests(copy)[^1];
        File.Delete(Path.Combine(copy, digest));
        File.Delete(Path.Combine(copy, digest + ".sig"));
        await AssertFirstProblemAsync(copy, $"Digest file {digest} INVALID: not found: the export state names it as the newest digest");
    }

    [Fact]
    public async Task DeleteNewestDigestAndState_UntilFindsIt()
    {
        var copy = Workspace.Copy(fixture.Export);
        var digest = ExportWorkspace.Digests(copy)[^1];
        var end = Digest(digest).GetProperty("digestEndTime").GetString()!;
        File.Delete(Path.Combine(copy, digest));
        File.Delete(Path.Combine(copy, "secq-export-cloudtrail.state.json"));
        var (code, output, _) = await Workspace.ValidateAsync(log, copy, "--until", end);
        Assert.Equal(AuditCommand.Tampered, code);
        Assert.Contains("newer digests are missing", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.5)]
    [InlineData(0.99)]
    public async Task FlipByte_Digest_FirstProblemIsThatDigest(double at)
    {
        var copy = Workspace.Copy(fixture.Export);
        var digest = ExportWorkspace.Digests(copy)[0];
        var bytes = File.ReadAllBytes(Path.Combine(copy, digest));
        bytes[(int)(bytes.Length * at)] ^= 0x20;
        File.WriteAllBytes(Path.Combine(copy, digest), bytes);
        await AssertFirstProblemAsync(copy, $"Digest file {digest} INVALID: ");
    }

    [Fact]
    public async Task StateFileMissing_InvalidUnlessUntilGiven()
    {
        var copy = Workspace.Copy(fixture.Export);
        File.Delete(Path.Combine(copy, "secq-export-cloudtrail.state.json"));
        await AssertFirstProblemAsync(copy, "Export secq-export-cloudtrail.state.json INVALID: missing");
        var end = Digest(ExportWorkspace.Digests(copy)[^1]).GetProperty("digestEndTime").GetString()!;
        var (code, output, _) = await Workspace.ValidateAsync(log, copy, "--until", end);
        Assert.Equal(AuditCommand.Intact, code);
        Assert.Contains("valid cloudtrail export: 2 digests", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteOldestDigest_NotFoundNamedByNext()
    {
        var copy = Workspace.Copy(fixture.Export);
        var digests = ExportWorkspace.Digests(copy);
        File.Delete(Path.Combine(copy, digests[0]));
        await AssertFirstProblemAsync(copy, $"Digest file {digests[0]} INVALID: not found: {digests[1]} names it as the previous digest");
    }

    [Fact]
    public async Task MovedDigest_Caught()
    {
        var copy = Workspace.Copy(fixture.Export);
        var digest = ExportWorkspace.Digests(copy)[^1];
        var moved = digest.Replace("secq_us-east-1", "secq_us-east-2", StringComparison.Ordinal);
        File.Move(Path.Combine(copy, digest), Path.Combine(copy, moved));
        File.Move(Path.Combine(copy, digest + ".sig"), Path.Combine(copy, moved + ".sig"));
        await AssertFirstProblemAsync(copy, $"Digest file {digest} INVALID: not found");
    }

    [Fact]
    public async Task Validate_WrongPublicKey_SignatureProblems()
    {
        var other = Path.Combine(Workspace.NewDirectory() + ".pub");
        File.WriteAllText(other, Convert.ToBase64String(CheckpointSigningKey.Generate().PublicKey) + "\n");
        using var output = new StringWriter();
        var code = await AuditCommand.RunAsync(["validate-export", fixture.Export, "--public-key", other], output, TextWriter.Null);
        File.Delete(other);
        Assert.Equal(AuditCommand.Tampered, code);
        Assert.Contains("public key not found for fingerprint", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_From_StartsAtFirstEventRecordedThen()
    {
        var directory = Workspace.NewDirectory();
        var fourth = await Workspace.Gateway.Database.ScalarAsync<DateTime>("select recorded_at from events where position = 4");
        var (code, _, _) = await Workspace.ExportAsync(log, directory, null, "--from", new DateTimeOffset(fourth, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture));
        Assert.Equal(AuditCommand.Intact, code);
        var last = await Workspace.LastPositionAsync();
        var positions = ExportWorkspace.Records(directory).Select(r => r.GetProperty("additionalEventData").GetProperty("logPosition").GetInt64());
        Assert.Equal(Enumerable.Range(4, (int)last - 3).Select(p => (long)p), positions);
        var output = (await Workspace.ValidateAsync(log, directory)).Output;
        Assert.Contains($"valid cloudtrail export: 1 digests, 1 log files, {last - 3} records (positions 4 to {last})", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_FromGivenWhenDirectoryContinues_Exit2()
    {
        var copy = Workspace.Copy(fixture.Export);
        var (code, _, error) = await Workspace.ExportAsync(log, copy, null, "--from", "2026-01-01T00:00:00Z");
        Assert.Equal(AuditCommand.UsageError, code);
        Assert.Contains("--from only starts a new export", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_StateListsDeliveredFileAsPending_RefusesAndKeepsIt()
    {
        var copy = Workspace.Copy(fixture.Export);
        var delivered = ExportWorkspace.LogFilesInOrder(copy)[0];
        EditState(copy, state => state["pending"] = new JsonArray(delivered));
        var (code, _, error) = await Workspace.ExportAsync(log, copy);
        Assert.Equal(AuditCommand.UsageError, code);
        Assert.Contains($"lists {delivered} as unfinished, but a digest of the export names it", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(copy, delivered)));
    }

    [Fact]
    public async Task Export_StateDisagreesWithNewestDigest_Refuses()
    {
        var copy = Workspace.Copy(fixture.Export);
        EditState(copy, state => state["lastPosition"] = 2);
        var (code, _, error) = await Workspace.ExportAsync(log, copy);
        Assert.Equal(AuditCommand.UsageError, code);
        Assert.Contains("the export state does not match its newest digest", error, StringComparison.Ordinal);
    }

    private static void EditState(string directory, Action<JsonNode> edit)
    {
        var path = Path.Combine(directory, "secq-export-cloudtrail.state.json");
        var state = JsonNode.Parse(File.ReadAllText(path))!;
        edit(state);
        File.WriteAllText(path, state.ToJsonString());
    }

    private JsonElement Digest(string relative) =>
        JsonDocument.Parse(ExportWorkspace.Gunzip(Path.Combine(fixture.Export, relative))).RootElement;

    private async Task<string> AssertFirstProblemAsync(string directory, string expected)
    {
        var (code, output, _) = await Workspace.ValidateAsync(log, directory);
        Assert.Equal(AuditCommand.Tampered, code);
        Assert.Contains($"first problem: {expected}", output, StringComparison.Ordinal);
        return output;
    }
}

/// <summary>The gateway's log, exported in two runs: up to the third event's time, then the rest.</summary>
public sealed class ExportFixture : IAsyncLifetime
{
    public ExportWorkspace Workspace { get; } = new();

    public string Export { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        await Workspace.InitializeAsync();
        Export = Workspace.NewDirectory();
        var third = await Workspace.Gateway.Database.ScalarAsync<DateTime>("select recorded_at from events where position = 3");
        var cut = new DateTimeOffset(third, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture);
        // Ten minutes into an hour, so both runs' digests fall in one hour whenever the tests run.
        var now = DateTimeOffset.UtcNow;
        var clock = new ShiftedTimeProvider { Offset = now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerHour)).AddMinutes(10) - now };
        Assert.Equal(AuditCommand.Intact, (await Workspace.ExportAsync(null, Export, clock, "--to-time", cut)).Code);
        Assert.Equal(AuditCommand.Intact, (await Workspace.ExportAsync(null, Export, clock)).Code);
    }

    public Task DisposeAsync() => Workspace.DisposeAsync();
}
