using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace SecureQueue.Trail.Reports;

/// <summary>
/// Builds the report's markup. Tag and class names come only from this assembly's code; every piece of data (principal
/// ARNs, user agents, queue names, finding messages: much of it attacker-controlled) passes through <see cref="Text"/> or
/// an attribute value, both HTML-encoded.
/// </summary>
internal sealed class HtmlWriter
{
    private readonly StringBuilder html = new();

    public HtmlWriter Markup(string trusted)
    {
        html.Append(trusted);
        return this;
    }

    public HtmlWriter Text(string? text)
    {
        html.Append(HtmlEncoder.Default.Encode(text ?? string.Empty));
        return this;
    }

    public HtmlWriter Open(string tag, string? cssClass = null, string? id = null)
    {
        html.Append('<').Append(tag);
        Attribute("class", cssClass).Attribute("id", id);
        html.Append('>');
        return this;
    }

    public HtmlWriter Close(string tag)
    {
        html.Append("</").Append(tag).Append('>');
        return this;
    }

    public HtmlWriter Element(string tag, string? text, string? cssClass = null) => Open(tag, cssClass).Text(text).Close(tag);

    public HtmlWriter Badge(string status) => Element("span", status, "badge " + status);

    public HtmlWriter Code(string? text) => Element("code", text);

    /// <summary>A table: a header row, then one row per item, each cell written by its column's writer.</summary>
    public HtmlWriter Table<T>(IEnumerable<T> rows, params (string Header, bool Numeric, Action<HtmlWriter, T> Cell)[] columns)
    {
        Open("table").Open("thead").Open("tr");
        foreach (var column in columns)
        {
            Element("th", column.Header, column.Numeric ? "num" : null);
        }

        Close("tr").Close("thead").Open("tbody");
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            Open("tr");
            foreach (var column in columns)
            {
                Open("td", column.Numeric ? "num" : null);
                column.Cell(this, row);
                Close("td");
            }

            Close("tr");
        }

        if (!any)
        {
            html.Append("<tr><td class=\"muted\" colspan=\"").Append(columns.Length.ToString(CultureInfo.InvariantCulture)).Append("\">none in this report</td></tr>");
        }

        return Close("tbody").Close("table");
    }

    /// <summary>An SVG element with numeric attributes, formatted invariantly.</summary>
    public HtmlWriter Svg(string tag, string? fill, params (string Name, double Value)[] attributes)
    {
        html.Append('<').Append(tag);
        foreach (var (name, value) in attributes)
        {
            html.Append(' ').Append(name).Append("=\"").Append(value.ToString("0.##", CultureInfo.InvariantCulture)).Append('"');
        }

        Attribute("fill", fill);
        html.Append("/>");
        return this;
    }

    /// <summary>Text inside an SVG at (x, y), anchored start, middle or end.</summary>
    public HtmlWriter SvgText(double x, double y, string? text, string anchor = "start", string cssStyle = "font-size:11px;fill:#5b6577")
    {
        html.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.##}\" y=\"{y:0.##}\" text-anchor=\"{anchor}\" style=\"{cssStyle}\">");
        return Text(text).Close("text");
    }

    public override string ToString() => html.ToString();

    private HtmlWriter Attribute(string name, string? value)
    {
        if (value is not null)
        {
            html.Append(' ').Append(name).Append("=\"").Append(HtmlEncoder.Default.Encode(value)).Append('"');
        }

        return this;
    }
}
