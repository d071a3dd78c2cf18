namespace MlOpsPortal.Web.Components.Pickers;

/// <summary>
/// The reads behind the type-to-search pickers: small, bounded, no-tracking queries. Each answers at most
/// <see cref="MaxOptions"/> options; a picker asks again as the user types.
/// </summary>
public interface IPickerQueries
{
    /// <summary>Most options one search returns.</summary>
    const int MaxOptions = 50;

    /// <summary>Dataset versions whose dataset name contains <paramref name="text"/> ("adult", or "adult v3"), newest version first.</summary>
    Task<IReadOnlyList<DatasetVersionOption>> SearchDatasetVersionsAsync(string? text, CancellationToken cancellationToken);

    /// <summary>The schema of a version (current names and types), empty when the version does not exist.</summary>
    Task<IReadOnlyList<ColumnOption>> GetColumnsAsync(DatasetVersionRef dataset, CancellationToken cancellationToken);

    /// <summary>The most frequent values of a column from the version's profile; empty until the profile is ready.</summary>
    Task<IReadOnlyList<LabelValueOption>> GetColumnValuesAsync(DatasetVersionRef dataset, string column, CancellationToken cancellationToken);

    /// <summary>Active runs whose name, experiment name or id matches <paramref name="text"/>, newest first.</summary>
    Task<IReadOnlyList<RunOption>> SearchRunsAsync(string? text, CancellationToken cancellationToken);

    /// <summary>One run by id, or null.</summary>
    Task<RunOption?> GetRunAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Versions of the models whose name contains <paramref name="text"/> ("churn", or "churn v3"), newest first.</summary>
    Task<IReadOnlyList<ModelVersionOption>> SearchModelVersionsAsync(string? text, CancellationToken cancellationToken);

    /// <summary>The model's aliases plus the reserved ones it does not use yet; empty when the model does not exist.</summary>
    Task<IReadOnlyList<AliasOption>> GetAliasesAsync(string model, CancellationToken cancellationToken);
}
