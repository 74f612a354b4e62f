namespace SecureQueue.Policies.Documents;

/// <summary>Maps UTF-8 byte offsets of a document to 1-based line and UTF-16 column, as editors count them.</summary>
internal sealed class TextPositions
{
    private readonly byte[] utf8;
    private readonly List<int> lineStarts = [0];

    public TextPositions(byte[] utf8)
    {
        this.utf8 = utf8;
        for (var i = 0; i < utf8.Length; i++)
        {
            // Utf8JsonReader counts lines by LF alone, so CRLF files agree with its exception positions.
            if (utf8[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }
    }

    public (int Line, int Column) At(long offset)
    {
        var clamped = (int)Math.Clamp(offset, 0, utf8.Length);
        var line = lineStarts.BinarySearch(clamped);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return (line + 1, 1 + Utf16Length(lineStarts[line], clamped));
    }

    public (int Line, int Column) AtLine(long zeroBasedLine, long bytePositionInLine)
    {
        var line = (int)Math.Clamp(zeroBasedLine, 0, lineStarts.Count - 1);
        var start = lineStarts[line];
        var end = (int)Math.Clamp(start + bytePositionInLine, start, utf8.Length);
        return (line + 1, 1 + Utf16Length(start, end));
    }

    private int Utf16Length(int from, int to)
    {
        var length = 0;
        for (var i = from; i < to; i++)
        {
            var b = utf8[i];
            if ((b & 0xC0) != 0x80)
            {
                // A four-byte sequence is a surrogate pair: two UTF-16 columns.
                length += b >= 0xF0 ? 2 : 1;
            }
        }

        return length;
    }
}
