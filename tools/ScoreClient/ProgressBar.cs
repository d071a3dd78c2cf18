using System.Globalization;

namespace MlOpsPortal.ScoreClient;

/// <summary>A one-line text progress bar: <c>[#########-----------]  45%  12,000/26,000 rows  3,200 rows/s</c>.</summary>
public static class ProgressBar
{
    public static string Render(long done, long total, double rowsPerSecond, int width = 30)
    {
        var fraction = total > 0 ? Math.Clamp((double)done / total, 0, 1) : 0;
        var filled = (int)Math.Round(fraction * width);
        return string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('-', width - filled)}] {fraction * 100,3:0}%  {done:N0}/{total:N0} rows  {rowsPerSecond:N0} rows/s");
    }
}
