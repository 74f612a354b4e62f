using System.Buffers;
using System.Text;

namespace SecureQueue.Sqs.Protocol;

/// <summary>
/// Writes the one XML shape Query responses use (nested elements, text, one namespace on the root) as UTF-8, byte for
/// byte what <c>XmlWriter</c> wrote with the settings these responses had (no declaration, CR entitized, characters
/// not checked: every text is <see cref="XmlCharacters.Replace"/>d first). <c>XmlWriter</c> allocated a 12 KB character
/// buffer for every response, the largest single allocation of a Query call; this writes into the caller's buffer.
/// </summary>
internal sealed class XmlElementWriter(IBufferWriter<byte> output)
{
    private bool startTagOpen;

    public void Start(string name, string? xmlns = null)
    {
        CloseStartTag();
        Utf8("<");
        Utf8(name);
        if (xmlns is not null)
        {
            Utf8(" xmlns=\"");
            Utf8(xmlns);
            Utf8("\"");
        }

        startTagOpen = true;
    }

    /// <summary>Ends the element <paramref name="name"/> started last: <c>&lt;name /&gt;</c> when nothing was written inside it.</summary>
    public void End(string name)
    {
        if (startTagOpen)
        {
            Utf8(" />");
            startTagOpen = false;
            return;
        }

        Utf8("</");
        Utf8(name);
        Utf8(">");
    }

    public void Element(string name, string text)
    {
        Start(name);
        Text(text);
        End(name);
    }

    public void Text(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        CloseStartTag();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var entity = text[i] switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                // A parser turns a literal CR into LF, which would change a body and its MD5.
                '\r' => "&#xD;",
                _ => null,
            };
            if (entity is not null)
            {
                Utf8(text.AsSpan(start, i - start));
                Utf8(entity);
                start = i + 1;
            }
        }

        Utf8(text.AsSpan(start));
    }

    private void CloseStartTag()
    {
        if (startTagOpen)
        {
            Utf8(">");
            startTagOpen = false;
        }
    }

    private void Utf8(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
