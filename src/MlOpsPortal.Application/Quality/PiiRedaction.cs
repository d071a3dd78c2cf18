using MlOpsPortal.Application.Datasets;

namespace MlOpsPortal.Application.Quality;

/// <summary>Hides the values of personal-data columns from users without the PersonalDataReader permission.</summary>
public static class PiiRedaction
{
    public const string Redacted = "[redacted]";

    /// <summary>The columns of a version that hold personal data.</summary>
    public static IReadOnlyList<string> PersonalColumns(IEnumerable<ColumnSchema> columns) =>
        [.. (columns ?? throw new ArgumentNullException(nameof(columns))).Where(c => c.Pii is not null).Select(c => c.Name)];

    /// <summary>The preview with every non-missing value of a personal-data column replaced by <see cref="Redacted"/>.</summary>
    public static PreviewTable Redact(PreviewTable preview, IEnumerable<ColumnSchema> columns)
    {
        ArgumentNullException.ThrowIfNull(preview);
        var personal = PersonalColumns(columns).ToHashSet(StringComparer.Ordinal);
        if (personal.Count == 0)
        {
            return preview;
        }

        var hide = preview.Columns.Select(personal.Contains).ToArray();
        return preview with
        {
            Rows = [.. preview.Rows.Select(row => (IReadOnlyList<string?>)[.. row.Select((value, i) => i < hide.Length && hide[i] && value is not null ? Redacted : value)])],
        };
    }
}
