using System.Globalization;

namespace MlOpsPortal.Web.Components.Pages.Tracking;

/// <summary>Numbers as people read them: six significant digits, no binary noise (0.15 not 0.15000000000000002).</summary>
public static class NumberFormat
{
    public const int SignificantDigits = 6;

    /// <summary>Plotly's (d3) format for the same: up to 6 significant digits, trailing zeros trimmed.</summary>
    public const string PlotlyFormat = ".6~g";

    public static string Format(double value) => Format(value, SignificantDigits);

    public static string Format(double value, int significantDigits)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "∞" : "-∞";
        }

        if (value == 0)
        {
            return "0";
        }

        var magnitude = Math.Abs(value);
        if (magnitude >= 1e9 || magnitude < 1e-5)
        {
            return value.ToString("0.#####e+0", CultureInfo.InvariantCulture);
        }

        var decimals = Math.Clamp(significantDigits - 1 - (int)Math.Floor(Math.Log10(magnitude)), 0, 15);
        return Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("0.###############", CultureInfo.InvariantCulture);
    }

    public static string Duration(TimeSpan span) =>
        span.TotalSeconds < 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMilliseconds} ms")
        : span.TotalMinutes < 1 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s")
        : span.TotalHours < 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m {span.Seconds:00}s")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h {span.Minutes:00}m");
}
