using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Web.Components.Pickers;

namespace MlOpsPortal.Web.Tests.Components.Pickers;

/// <summary>In-memory answers for the pickers: the Adult data in two versions, two runs, a model with aliases.</summary>
internal sealed class FakePickerQueries : IPickerQueries
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    public List<DatasetVersionOption> Datasets { get; } =
    [
        new(new DatasetVersionRef("adult", 3), 32561, T0.AddDays(2)),
        new(new DatasetVersionRef("adult", 2), 30000, T0.AddDays(1)),
        new(new DatasetVersionRef("credit", 1), 1000, T0),
    ];

    public List<ColumnOption> Columns { get; } =
    [
        new("age", ColumnType.Numeric, 73, 0),
        new("workclass", ColumnType.Categorical, 9, 5.6),
        new("income", ColumnType.Categorical, 2, 0),
    ];

    public List<LabelValueOption> Values { get; } = [new("<=50K", 24720), new(">50K", 7841)];

    public List<RunOption> Runs { get; } =
    [
        new("0123456789abcdef0123456789abcdef", "xgb-depth6", "adult-income", "Finished", "validation_roc_auc", 0.92714, T0),
        new("fedcba9876543210fedcba9876543210", "baseline", "credit", "Finished", null, null, T0),
    ];

    public List<ModelVersionOption> Models { get; } =
    [
        new(new ModelVersionRef("churn", 3), "Ready", ["champion"], null, T0),
        new(new ModelVersionRef("churn", 2), "Ready", [], null, T0),
    ];

    public List<AliasOption> Aliases { get; } = [new("champion", 3, false), new("production", null, true)];

    public List<string> Searches { get; } = [];

    public Task<IReadOnlyList<DatasetVersionOption>> SearchDatasetVersionsAsync(string? text, CancellationToken cancellationToken)
    {
        Searches.Add(text ?? string.Empty);
        var (name, version) = PickerText.ParseNameAndVersion(text);
        return Task.FromResult<IReadOnlyList<DatasetVersionOption>>(
            [.. Datasets.Where(d => d.Ref.Name.Contains(name, StringComparison.OrdinalIgnoreCase) && (version is null || d.Ref.Version == version))]);
    }

    public Task<IReadOnlyList<ColumnOption>> GetColumnsAsync(DatasetVersionRef dataset, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ColumnOption>>(dataset.Name == "adult" ? Columns : []);

    public Task<IReadOnlyList<LabelValueOption>> GetColumnValuesAsync(DatasetVersionRef dataset, string column, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LabelValueOption>>(column == "income" ? Values : []);

    public Task<IReadOnlyList<RunOption>> SearchRunsAsync(string? text, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RunOption>>(
            [.. Runs.Where(r => string.IsNullOrEmpty(text) || r.RunName.Contains(text, StringComparison.OrdinalIgnoreCase) || r.Experiment.Contains(text, StringComparison.OrdinalIgnoreCase) || r.RunId.StartsWith(text, StringComparison.Ordinal))]);

    public Task<RunOption?> GetRunAsync(string runId, CancellationToken cancellationToken) =>
        Task.FromResult(Runs.FirstOrDefault(r => r.RunId == runId));

    public Task<IReadOnlyList<ModelVersionOption>> SearchModelVersionsAsync(string? text, CancellationToken cancellationToken)
    {
        var (name, version) = PickerText.ParseNameAndVersion(text);
        return Task.FromResult<IReadOnlyList<ModelVersionOption>>(
            [.. Models.Where(m => m.Ref.Name.Contains(name, StringComparison.OrdinalIgnoreCase) && (version is null || m.Ref.Version == version))]);
    }

    public Task<IReadOnlyList<AliasOption>> GetAliasesAsync(string model, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AliasOption>>(model == "churn" ? Aliases : []);
}
