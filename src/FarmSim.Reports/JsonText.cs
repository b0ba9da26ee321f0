using System.Text.Encodings.Web;
using System.Text.Json;

namespace FarmSim.Reports;

/// <summary>How FarmSim writes JSON files: indented, with text (µs, ×, quotes) left readable rather than escaped.</summary>
public static class JsonText
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
