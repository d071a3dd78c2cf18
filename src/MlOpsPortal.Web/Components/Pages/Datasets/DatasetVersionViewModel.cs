using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Web.Components.Pages.Datasets;

/// <summary>
/// State of the dataset version page: the detail (schema, profile), the preview, editable column types and the live
/// profile job. <see cref="OnJobChangedAsync"/> is fed by the page's <see cref="IJobEvents"/> subscription.
/// </summary>
public sealed class DatasetVersionViewModel(IDatasetCatalog catalog)
{
    public static readonly IReadOnlyList<ColumnType> Types = Enum.GetValues<ColumnType>();

    public DatasetVersionDetail? Detail { get; private set; }

    public PreviewTable? Preview { get; private set; }

    public Error? Error { get; private set; }

    public Error? SchemaError { get; private set; }

    public JobDto? ProfileJob { get; private set; }

    /// <summary>Hides personal-data columns in the preview (for users without the PersonalDataReader permission).</summary>
    public void RedactPersonalData()
    {
        if (Detail is { } detail && Preview is { } preview)
        {
            Preview = Application.Quality.PiiRedaction.Redact(preview, detail.Columns);
        }
    }

    /// <summary>Column name → new name being edited.</summary>
    public Dictionary<string, string> EditedNames { get; } = new(StringComparer.Ordinal);

    public bool NamesDirty => Detail is not null && Detail.Columns.Any(c => EditedNames.GetValueOrDefault(c.Name, c.Name).Trim() != c.Name);

    /// <summary>Column name → type being edited.</summary>
    public Dictionary<string, ColumnType> EditedTypes { get; } = new(StringComparer.Ordinal);

    public string? SelectedColumn { get; set; }

    /// <summary>The column whose class balance the summary shows (a likely label first; the user may pick another).</summary>
    public string? BalanceColumn { get; set; }

    /// <summary>Missing cells as a share of all cells (0–1), from the profile.</summary>
    public double? MissingShare => Detail?.Profile is { RowCount: > 0, Columns.Count: > 0 } p
        ? p.Columns.Sum(c => (double)c.MissingCount) / (p.RowCount * (double)p.Columns.Count)
        : null;

    /// <summary>Columns with a few classes (categorical or boolean, 2–20 values), whose balance can be shown.</summary>
    public IReadOnlyList<string> BalanceCandidates => Detail?.Profile is { } p
        ? [.. p.Columns.Where(c => c.Type is ColumnType.Categorical or ColumnType.Boolean && c.TopValues.Count is >= 2 and <= 20 && c.OtherValuesCount == 0).Select(c => c.Name)]
        : [];

    /// <summary>Classes of <see cref="BalanceColumn"/> with their counts and shares, most frequent first.</summary>
    public IReadOnlyList<ClassShare> Balance
    {
        get
        {
            var column = Detail?.Profile?.Columns.FirstOrDefault(c => c.Name == BalanceColumn);
            if (column is null)
            {
                return [];
            }

            var total = column.TopValues.Sum(v => (double)v.Count) + column.OtherValuesCount;
            return total <= 0 ? [] : [.. column.TopValues.Select(v => new ClassShare(v.Value, v.Count, v.Count / total))];
        }
    }

    public bool HasProfile => Detail?.Profile is not null;

    public bool SchemaDirty => Detail is not null && Detail.Columns.Any(c => EditedTypes.GetValueOrDefault(c.Name, c.Type) != c.Type);

    public ColumnProfile? SelectedProfile =>
        Detail?.Profile?.Columns.FirstOrDefault(c => c.Name == SelectedColumn) ?? (Detail?.Profile?.Columns is { Count: > 0 } all ? all[0] : null);

    public async Task LoadAsync(string name, int version, IJobQueries jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var detail = await catalog.GetVersionAsync(name, version, cancellationToken);
        if (!detail.IsSuccess)
        {
            Error = detail.Error;
            return;
        }

        SetDetail(detail.Value);
        ProfileJob = Detail!.ProfileJobId is { } id ? await jobs.GetAsync(id, cancellationToken) : null;
        var preview = await catalog.PreviewAsync(name, version, cancellationToken);
        Preview = preview.IsSuccess ? preview.Value : null;
    }

    /// <summary>Applies a pushed job change; returns true when the page should re-render.</summary>
    public async Task<bool> OnJobChangedAsync(JobDto job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (Detail is null || job.Id != Detail.ProfileJobId)
        {
            return false;
        }

        ProfileJob = job;
        if (job.Status == JobStatus.Succeeded && !HasProfile)
        {
            var detail = await catalog.GetVersionAsync(Detail.Name, Detail.Version, cancellationToken);
            if (detail.IsSuccess)
            {
                SetDetail(detail.Value);
            }
        }

        return true;
    }

    public async Task SaveSchemaAsync(Actor actor, IJobQueries jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        if (Detail is null)
        {
            return;
        }

        var changed = Detail.Columns.Where(c => EditedTypes[c.Name] != c.Type).ToDictionary(c => c.Name, c => EditedTypes[c.Name]);
        var result = await catalog.UpdateSchemaAsync(Detail.Name, Detail.Version, changed, actor, cancellationToken);
        SchemaError = result.IsSuccess ? null : result.Error;
        if (result.IsSuccess)
        {
            SetDetail(result.Value);
            ProfileJob = Detail!.ProfileJobId is { } id ? await jobs.GetAsync(id, cancellationToken) : null;
        }
    }

    /// <summary>Renames the columns whose names were edited (the version is re-profiled under the new names).</summary>
    public async Task SaveNamesAsync(Actor actor, IJobQueries jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        if (Detail is null)
        {
            return;
        }

        var renames = Detail.Columns.Where(c => EditedNames[c.Name].Trim() != c.Name).ToDictionary(c => c.Name, c => EditedNames[c.Name].Trim(), StringComparer.Ordinal);
        var result = await catalog.RenameColumnsAsync(Detail.Name, Detail.Version, renames, actor, cancellationToken);
        SchemaError = result.IsSuccess ? null : result.Error;
        if (result.IsSuccess)
        {
            SelectedColumn = null;
            BalanceColumn = null;
            SetDetail(result.Value);
            ProfileJob = Detail!.ProfileJobId is { } id ? await jobs.GetAsync(id, cancellationToken) : null;
        }
    }

    public void ResetSchema()
    {
        SchemaError = null;
        if (Detail is not null)
        {
            SetDetail(Detail);
        }
    }

    /// <summary>Histogram bins or top values of the selected column, as chart points.</summary>
    public IReadOnlyList<ChartPoint> ChartData()
    {
        var column = SelectedProfile;
        if (column?.Histogram is { Count: > 0 } bins)
        {
            return [.. bins.Select(b => new ChartPoint(FormatNumber(b.Lower), b.Count))];
        }

        return column is null ? [] : [.. column.TopValues.Select(v => new ChartPoint(v.Value, v.Count))];
    }

    public static string FormatNumber(double? value) =>
        value is null ? "—" : Math.Abs(value.Value) >= 1e6 || (Math.Abs(value.Value) < 1e-3 && value.Value != 0)
            ? value.Value.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)
            : Math.Round(value.Value, 3).ToString("#,0.###", System.Globalization.CultureInfo.InvariantCulture);

    private void SetDetail(DatasetVersionDetail detail)
    {
        Detail = detail;
        EditedTypes.Clear();
        EditedNames.Clear();
        foreach (var c in detail.Columns)
        {
            EditedTypes[c.Name] = c.Type;
            EditedNames[c.Name] = c.Name;
        }

        SelectedColumn ??= detail.Columns.Count > 0 ? detail.Columns[0].Name : null;
        var candidates = BalanceCandidates;
        if (BalanceColumn is null || !candidates.Contains(BalanceColumn))
        {
            BalanceColumn = candidates.FirstOrDefault(c => LikelyLabels.Contains(c)) ?? (candidates.Count > 0 ? candidates[^1] : null);
        }
    }

    private static readonly HashSet<string> LikelyLabels = new(["label", "target", "income", "class", "y", "outcome"], StringComparer.OrdinalIgnoreCase);

    public sealed record ClassShare(string Value, long Count, double Share);

    public sealed record ChartPoint(string Label, long Count);
}
