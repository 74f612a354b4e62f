using System.Diagnostics;

namespace SecureQueue.FunctionalTests.Report;

/// <summary>Debian's <c>chromium</c> in headless mode: screenshots, the DOM after parsing, and a printed PDF of a local HTML file.</summary>
internal static class HeadlessChromium
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    public static async Task ScreenshotAsync(string htmlFile, string pngFile, int width, int height) =>
        await RunAsync($"--screenshot={pngFile}", $"--window-size={width},{height}", "--hide-scrollbars", Url(htmlFile));

    public static Task<string> DumpDomAsync(string htmlFile) => RunAsync("--dump-dom", Url(htmlFile));

    public static async Task PrintToPdfAsync(string htmlFile, string pdfFile) =>
        await RunAsync($"--print-to-pdf={pdfFile}", "--no-pdf-header-footer", Url(htmlFile));

    private static string Url(string file) => new Uri(Path.GetFullPath(file)).AbsoluteUri;

    private static async Task<string> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("chromium")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // No sandbox: tests run as root in CI, where Chromium's sandbox refuses to start. No network is needed: the page is self-contained.
        foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start (apt-get install chromium)");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium did not finish within {Limit.TotalSeconds} s: {await error}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"chromium exited {process.ExitCode}: {await error}");
        }

        return await output;
    }
}
