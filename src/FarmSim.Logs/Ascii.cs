using System.Buffers.Text;

namespace FarmSim.Logs;

/// <summary>Numbers, dates and times from a log line's bytes, without strings.</summary>
internal static class Ascii
{
    public static bool Integer(ReadOnlySpan<byte> text, out long value) =>
        Utf8Parser.TryParse(text, out value, out int used) && used == text.Length;

    /// <summary>A decimal number of seconds such as 0.153 (NGINX's timers).</summary>
    public static bool Decimal(ReadOnlySpan<byte> text, out double value) =>
        Utf8Parser.TryParse(text, out value, out int used) && used == text.Length && double.IsFinite(value);

    /// <summary>YYYY-MM-DD (1990 to 2199: no log is older or newer) as days since 1970-01-01.</summary>
    public static bool Date(ReadOnlySpan<byte> text, out int days)
    {
        days = 0;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-') return false;
        if (!Digits(text[..4], out int y) || !Digits(text.Slice(5, 2), out int m) || !Digits(text.Slice(8, 2), out int d)) return false;
        if (y < 1990 || y > 2199 || m < 1 || m > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) return false;
        days = new DateOnly(y, m, d).DayNumber - Epoch;
        return true;
    }

    /// <summary>hh:mm:ss with optional fractions (.fff) as seconds after midnight.</summary>
    public static bool Time(ReadOnlySpan<byte> text, out double seconds)
    {
        seconds = 0;
        if (text.Length < 8 || text[2] != ':' || text[5] != ':') return false;
        if (!Digits(text[..2], out int h) || !Digits(text.Slice(3, 2), out int m) || !Digits(text.Slice(6, 2), out int s)) return false;
        if (h > 23 || m > 59 || s > 60) return false;
        double fraction = 0;
        if (text.Length > 8)
        {
            if (text[8] != '.' || text.Length == 9) return false;
            double scale = 0.1;
            foreach (byte b in text[9..])
            {
                if ((uint)(b - '0') > 9) return false;
                fraction += (b - '0') * scale;
                scale /= 10;
            }
        }
        seconds = h * 3600 + m * 60 + s + fraction;
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (byte b in text)
        {
            if ((uint)(b - '0') > 9) return false;
            value = value * 10 + (b - '0');
        }
        return true;
    }

    public static readonly int Epoch = new DateOnly(1970, 1, 1).DayNumber;

    /// <summary>ASCII equality without regard to case.</summary>
    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> text, string word)
    {
        if (text.Length != word.Length) return false;
        for (int i = 0; i < text.Length; i++)
            if ((text[i] | 0x20) != (word[i] | 0x20)) return false;
        return true;
    }
}
