namespace FarmSim.Logs;

/// <summary>
/// Lines of a stream as byte spans, without a string per line: LF or CRLF endings, a last line
/// without one, and lines too long to be a log's skipped whole (reported as such).
/// </summary>
internal sealed class LineReader(Stream stream)
{
    public const int LongestLine = 1 << 16;

    private readonly byte[] _buffer = new byte[1 << 20];
    private int _start, _end;
    private bool _eof;

    /// <summary>How many lines were returned so far: the number of the last one.</summary>
    public long Number { get; private set; }

    /// <summary>The line just returned (empty) was longer than <see cref="LongestLine"/> and was skipped.</summary>
    public bool Cut { get; private set; }

    /// <summary>The line just returned was the last one and had no line end (a file cut while written).</summary>
    public bool Unterminated { get; private set; }

    public bool Next(out ReadOnlySpan<byte> line)
    {
        Cut = Unterminated = false;
        while (true)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = Trim(_buffer.AsSpan(_start, newline));
                _start += newline + 1;
                Number++;
                return true;
            }
            if (_end - _start >= LongestLine)
            {
                line = default; // nothing of it is read: the caller says it was too long
                SkipToLineEnd();
                Cut = true;
                Number++;
                return true;
            }
            if (_eof)
            {
                if (_end == _start)
                {
                    line = default;
                    return false;
                }
                line = Trim(_buffer.AsSpan(_start, _end - _start));
                _start = _end;
                Unterminated = true;
                Number++;
                return true;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        int read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _eof = true;
        _end += read;
    }

    /// <summary>Drops an over-long line up to and with its line end.</summary>
    private void SkipToLineEnd()
    {
        while (true)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start += newline + 1;
                return;
            }
            _start = _end;
            if (_eof) return;
            Fill();
        }
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
