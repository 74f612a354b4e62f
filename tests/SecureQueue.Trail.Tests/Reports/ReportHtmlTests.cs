using System.Text.RegularExpressions;
using SecureQueue.Trail.Reports;

namespace SecureQueue.Trail.Tests.Reports;

public sealed partial class ReportHtmlTests
{
    private static readonly string Html = ReportHtml.Render(SampleReport.Build());

    [Fact]
    public void Render_AttackerControlledText_Encoded()
    {
        Assert.DoesNotContain("<script", Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", Html, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(EventHandler().Matches(Html));
        Assert.Contains("&lt;script&gt;", Html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoExternalResourcesOrScripts()
    {
        Assert.Empty(ResourceReference().Matches(Html));
        Assert.DoesNotContain("<link", Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", Html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_InlineStyleForPrintAndSvgCharts()
    {
        Assert.Contains("<style>", Html, StringComparison.Ordinal);
        Assert.Contains("@media print", Html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(Html, "<svg ", RegexOptions.None, TimeSpan.FromSeconds(1)));
    }

    [Theory]
    [InlineData("id=\"integrity\"")]
    [InlineData("id=\"coverage\"")]
    [InlineData("id=\"queues\"")]
    [InlineData("id=\"identities\"")]
    [InlineData("id=\"gateway\"")]
    [InlineData("id=\"requirements\"")]
    [InlineData("10.2.1.4")]
    [InlineData("10.5.1")]
    [InlineData("10.7.2")]
    [InlineData("CC6.1")]
    [InlineData("CC7.2")]
    public void Render_EverySectionAndRequirement_Present(string text)
    {
        Assert.Contains(text, Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TamperedLog_SaysSo()
    {
        var html = ReportHtml.Render(SampleReport.Build(SampleReport.TamperedChain));

        Assert.Contains("Tampered", html, StringComparison.Ordinal);
        Assert.Contains("stored hash differs", html, StringComparison.Ordinal);
    }

    // Inside a tag (text has every '<' encoded), any attribute that would load something: src, srcset, action, or an href
    // to anything but an in-page anchor; and url() anywhere, CSS included.
    [GeneratedRegex("""<[^>]*(?:\bsrc\s*=|\bsrcset\s*=|\baction\s*=|\bhref\s*=\s*"(?!#))|url\(""", RegexOptions.IgnoreCase)]
    private static partial Regex ResourceReference();

    [GeneratedRegex("""<[^>]*\son[a-z]+\s*=""", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandler();
}
