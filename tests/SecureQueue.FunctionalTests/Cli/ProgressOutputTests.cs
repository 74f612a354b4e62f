using System.Diagnostics;
using SecureQueue.FunctionalTests.Infrastructure;

namespace SecureQueue.FunctionalTests.Cli;

/// <summary>
/// The real <c>secq</c> process: progress appears on a terminal's stderr and never when stderr is redirected, so scripts and
/// CI logs get no redraws or escape codes. <c>script</c> (util-linux) gives the process a pseudo-terminal.
/// </summary>
public sealed class ProgressOutputTests : IAsyncLifetime
{
    private readonly GatewayWorkspace workspace = new();

    public Task InitializeAsync() => workspace.InitializeAsync();

    public Task DisposeAsync() => workspace.DisposeAsync();

    [Fact]
    public async Task AuditVerify_StderrRedirected_NoProgress()
    {
        var (code, output, error) = await ChildProcess.SecqAsync(VerifyArguments());

        Assert.True(code == 0, output + error);
        Assert.StartsWith("intact: ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("verified events", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', error);
        Assert.DoesNotContain('\u001b', error);
    }

    [Fact]
    public async Task AuditVerify_OnTerminal_ShowsProgress()
    {
        var line = string.Join(' ', ((string[])["dotnet", ChildProcess.SecqDll, .. VerifyArguments()]).Select(Quote));
        var start = new ProcessStartInfo("script", ["--quiet", "--return", "--command", line, "/dev/null"]);
        start.Environment["TERM"] = "xterm-256color";
        var (code, terminal, error) = await ChildProcess.RunAsync(start);

        Assert.True(code == 0, terminal + error);
        Assert.Contains("verified events", terminal, StringComparison.Ordinal);
        Assert.Contains("intact: ", terminal, StringComparison.Ordinal);
    }

    private string[] VerifyArguments() =>
        ["audit", "verify", "--connection", workspace.Database.ConnectionString, "--key", workspace.Files.CheckpointKeyFile];

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
