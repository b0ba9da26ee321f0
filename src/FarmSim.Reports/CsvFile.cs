using System.Globalization;
using CsvHelper;

namespace FarmSim.Reports;

/// <summary>What every results CSV shares: invariant culture, a header row, numbers that read back exactly.</summary>
internal static class CsvFile
{
    public static void Write(string path, IReadOnlyList<string> header, Action<CsvWriter> writeRows)
    {
        using var writer = new StreamWriter(path);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (string column in header) csv.WriteField(column);
        csv.NextRecord();
        writeRows(csv);
    }

    public static List<T> Read<T>(string path, Func<CsvReader, T> readRow)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var rows = new List<T>();
        csv.Read();
        csv.ReadHeader();
        while (csv.Read()) rows.Add(readRow(csv));
        return rows;
    }

    /// <summary>Ten significant digits; an undefined value (NaN) is an empty field.</summary>
    public static string Format(double value) =>
        double.IsFinite(value) ? value.ToString("G10", CultureInfo.InvariantCulture) : "";

    public static double Parse(string? text) =>
        string.IsNullOrEmpty(text) ? double.NaN : double.Parse(text, CultureInfo.InvariantCulture);
}
