using System.Globalization;
using System.Text;

namespace SecureQueue.Log.Events;

/// <summary>
/// Makes caller-supplied text safe to store in, and print from, the audit log: control characters (NUL,
/// newlines, ANSI escapes, C1), lone surrogates and invisible separators are written as <c>\uXXXX</c>, so the
/// text is valid UTF-8 that PostgreSQL accepts and no terminal interprets, and it is cut to a maximum length,
/// so no caller can grow the append-only log by more than a known amount per call.
/// </summary>
public static class AuditText
{
    /// <summary>Marks where text was cut.</summary>
    public const char Cut = '…';

    public static string? Storable(string? value, int maxLength) => value is null ? null : Escape(value, maxLength);

    /// <summary>
    /// The escaped text, at most <paramref name="maxLength"/> characters plus the cut mark. Backslashes are
    /// doubled, so an escape the gateway wrote cannot be confused with the same six characters sent by a caller.
    /// </summary>
    public static string Escape(string value, int maxLength) =>
        value.Length <= maxLength && !NeedsEscape(value, escapeBackslash: true) ? value : Escaped(value, maxLength, escapeBackslash: true);

    /// <summary>
    /// Text read back from the log, made safe for a terminal or a report. Backslashes are left alone, so text
    /// escaped when it was stored reads the same; rows stored before that are made safe here.
    /// </summary>
    public static string? ForDisplay(string? value) =>
        value is null || !NeedsEscape(value, escapeBackslash: false) ? value : Escaped(value, int.MaxValue, escapeBackslash: false);

    private static string Escaped(string value, int maxLength, bool escapeBackslash)
    {
        var text = new StringBuilder(Math.Min(value.Length, maxLength) + 8);
        var i = 0;
        for (; i < value.Length && text.Length < maxLength; i++)
        {
            var c = value[i];
            if (IsPair(value, i))
            {
                text.Append(c).Append(value[++i]);
            }
            else if (c == '\\' && escapeBackslash)
            {
                text.Append(@"\\");
            }
            else if (IsUnsafe(c))
            {
                text.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        var cut = i < value.Length || text.Length > maxLength;
        if (text.Length > maxLength)
        {
            // Never end on half of a surrogate pair: that would be invalid UTF-8.
            text.Length = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        }

        return cut ? text.Append(Cut).ToString() : text.ToString();
    }

    private static bool NeedsEscape(string value, bool escapeBackslash)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (IsPair(value, i))
            {
                i++;
            }
            else if ((value[i] == '\\' && escapeBackslash) || IsUnsafe(value[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPair(string value, int i) => char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);

    /// <summary>Control characters, unpaired surrogates, and the separators and BOM that break lines or hide text in viewers.</summary>
    private static bool IsUnsafe(char c) => char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\ufeff';
}
