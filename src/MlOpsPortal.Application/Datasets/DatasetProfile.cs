namespace MlOpsPortal.Application.Datasets;

/// <summary>Column profiles of one dataset version; serialize with System.Text.Json to store it.</summary>
public sealed record DatasetProfile(long RowCount, IReadOnlyList<ColumnProfile> Columns);

/// <summary>
/// One column's statistics. Numeric fields are null for non-numeric columns, <see cref="TopValues"/> is empty except for
/// categorical and boolean columns, date bounds are set for datetime columns.
/// </summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">Column type the profile was computed for.</param>
/// <param name="MissingCount">Missing values (markers), plus values that do not parse as the column's type.</param>
/// <param name="MissingPercent">MissingCount as a percentage of rows, 0–100.</param>
/// <param name="DistinctCount">Distinct non-missing values (raw text): exact when <paramref name="DistinctIsApproximate"/> is false.</param>
/// <param name="DistinctIsApproximate">True past the exact cap, where a HyperLogLog estimate (about ±1%) is reported.</param>
/// <param name="Min">Numeric minimum.</param>
/// <param name="Max">Numeric maximum.</param>
/// <param name="Mean">Numeric mean (Welford).</param>
/// <param name="StdDev">Numeric sample standard deviation (n − 1; 0 for a single value).</param>
/// <param name="Histogram">Numeric histogram (see <see cref="StreamingHistogram"/>).</param>
/// <param name="TopValues">Up to 20 most frequent values with counts, most frequent first.</param>
/// <param name="OtherValuesCount">Non-missing values not among <paramref name="TopValues"/>.</param>
/// <param name="MinDate">Earliest date/time.</param>
/// <param name="MaxDate">Latest date/time.</param>
/// <param name="Pii">Personal data found in the column (<see cref="Quality.PiiDetector"/>), or null.</param>
public sealed record ColumnProfile(
    string Name,
    ColumnType Type,
    long MissingCount,
    double MissingPercent,
    long DistinctCount,
    bool DistinctIsApproximate,
    double? Min,
    double? Max,
    double? Mean,
    double? StdDev,
    IReadOnlyList<HistogramBin>? Histogram,
    IReadOnlyList<ValueCount> TopValues,
    long OtherValuesCount,
    DateTimeOffset? MinDate,
    DateTimeOffset? MaxDate,
    Quality.PiiInfo? Pii = null);

/// <summary>A histogram bin covering [Lower, Upper).</summary>
public sealed record HistogramBin(double Lower, double Upper, long Count);

/// <summary>A value and how many rows hold it.</summary>
public sealed record ValueCount(string Value, long Count);

/// <summary>The first rows of a file for display; missing values are null.</summary>
public sealed record PreviewTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows);
