using System.Globalization;

namespace MlOpsPortal.Application.Exports;

/// <summary>
/// CSV cells that a spreadsheet will not execute. A cell starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a
/// carriage return is read by Excel, LibreOffice and Google Sheets as a formula (<c>=HYPERLINK(...)</c>,
/// <c>=cmd|'/c calc'!A1</c>); such a cell gets a leading apostrophe, which spreadsheets show as text. Plain numbers
/// (<c>-0.5</c>, <c>+3</c>, <c>-1e-9</c>) are not formulas and stay as they are.
/// </summary>
public static class SpreadsheetSafe
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>The value with a leading apostrophe when a spreadsheet would take it for a formula.</summary>
    public static string Neutralize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0 || Array.IndexOf(FormulaStarts, value[0]) < 0
            || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return value;
        }

        return "'" + value;
    }

    /// <summary>A CSV field (RFC 4180 quoting) whose content a spreadsheet will not execute.</summary>
    public static string Field(string value)
    {
        var safe = Neutralize(value);
        return safe.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}
