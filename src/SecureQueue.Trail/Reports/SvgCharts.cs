using System.Globalization;

namespace SecureQueue.Trail.Reports;

/// <summary>Inline SVG charts: no scripts, no external assets, readable when printed.</summary>
internal static class SvgCharts
{
    public const string Success = "#3b8f6a";
    public const string Denied = "#d9822b";
    public const string Unauthenticated = "#c0392b";
    public const string Error = "#8792a2";

    private static readonly double[] RoundSteps = [1, 2, 5, 10];

    private static readonly (string Name, string Color)[] Series =
        [("success", Success), ("denied", Denied), ("unauthenticated", Unauthenticated), ("error", Error)];

    /// <summary>Calls per day, stacked by outcome.</summary>
    public static void DailyCalls(HtmlWriter html, IReadOnlyList<DayCount> days)
    {
        const double width = 1080, height = 220, left = 56, bottom = 28, top = 12;
        var max = Math.Max(1, days.Count == 0 ? 1 : days.Max(d => d.Success + d.Denied + d.Unauthenticated + d.Error));
        var scale = NiceCeiling(max);
        html.Markup($"<div class=\"chart\"><svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Calls per day by outcome\">");
        for (var i = 0; i <= 4; i++)
        {
            var y = top + ((height - top - bottom) * (4 - i) / 4);
            html.Svg("rect", "#e6e9ef", ("x", left), ("y", y), ("width", width - left - 8), ("height", 1));
            html.SvgText(left - 6, y + 4, (scale * i / 4).ToString("N0", CultureInfo.InvariantCulture), "end");
        }

        var slot = (width - left - 8) / Math.Max(1, days.Count);
        var bar = Math.Min(48, slot * 0.7);
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            var x = left + (slot * i) + ((slot - bar) / 2);
            var y = height - bottom;
            foreach (var (value, color) in new[] { (day.Success, Success), (day.Denied, Denied), (day.Unauthenticated, Unauthenticated), (day.Error, Error) })
            {
                var h = (height - top - bottom) * value / scale;
                y -= h;
                if (h > 0)
                {
                    html.Svg("rect", color, ("x", x), ("y", y), ("width", bar), ("height", h));
                }
            }

            if (days.Count <= 16 || i % (int)Math.Ceiling(days.Count / 16.0) == 0)
            {
                html.SvgText(x + (bar / 2), height - 10, day.Day.ToString("MM-dd", CultureInfo.InvariantCulture), "middle");
            }
        }

        html.Markup("</svg></div>");
        Legend(html);
    }

    /// <summary>Horizontal bars, one per row, each split by outcome.</summary>
    public static void ActionBars(HtmlWriter html, IReadOnlyList<ActionCount> actions)
    {
        const double width = 520, row = 22, label = 170;
        var height = Math.Max(1, actions.Count) * row + 6;
        var max = Math.Max(1, actions.Count == 0 ? 1 : actions.Max(a => a.Total));
        html.Markup(string.Create(CultureInfo.InvariantCulture, $"<div class=\"chart\"><svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Top actions by outcome\">"));
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            var y = (i * row) + 4;
            html.SvgText(label - 8, y + 13, action.Action, "end", "font-size:11px;fill:#1d2533");
            var x = label;
            foreach (var (value, color) in new[] { (action.Success, Success), (action.Denied, Denied), (action.Unauthenticated, Unauthenticated), (action.Error, Error) })
            {
                var w = (width - label - 60) * value / max;
                if (w > 0)
                {
                    html.Svg("rect", color, ("x", x), ("y", y + 3), ("width", w), ("height", row - 8));
                }

                x += w;
            }

            html.SvgText(x + 6, y + 13, action.Total.ToString("N0", CultureInfo.InvariantCulture));
        }

        html.Markup("</svg></div>");
    }

    public static void Legend(HtmlWriter html)
    {
        html.Open("div", "legend");
        foreach (var (name, color) in Series)
        {
            html.Markup($"<span style=\"background:{color}\"></span>").Text(name);
        }

        html.Close("div");
    }

    /// <summary>The top of an axis with four gridlines at whole, round steps (1, 2 or 5 times a power of ten) at or above <paramref name="value"/>.</summary>
    private static double NiceCeiling(long value)
    {
        var quarter = Math.Max(1, value / 4.0);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(quarter)));
        var step = RoundSteps.Select(s => s * magnitude).First(s => s >= quarter);
        return Math.Max(1, Math.Ceiling(step)) * 4;
    }
}
