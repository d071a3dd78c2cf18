using Microsoft.AspNetCore.Components;

namespace MlOpsPortal.Web.Components.Pickers;

/// <summary>
/// A column of a dataset version's schema, with its type. Disabled, with a hint, until a dataset version is chosen;
/// <see cref="Filter"/> narrows the options (for example categorical columns only).
/// </summary>
public sealed partial class ColumnPicker
{
    private IReadOnlyList<ColumnOption> _columns = [];
    private DatasetVersionRef? _loadedFor;

    [Parameter]
    public DatasetVersionRef? Dataset { get; set; }

    /// <summary>Which columns to offer, e.g. <c>c =&gt; c.Type == ColumnType.Categorical</c>; all when null.</summary>
    [Parameter]
    public Func<ColumnOption, bool>? Filter { get; set; }

    /// <summary>The columns loaded for <see cref="Dataset"/> (after filtering).</summary>
    public IReadOnlyList<ColumnOption> Options => [.. _columns.Where(c => Filter?.Invoke(c) ?? true)];

    private string Helper => Dataset is null ? "Choose a dataset version first." : HelperText ?? $"Columns of {Dataset}.";

    /// <summary>The caller's error, else a chosen column that the version does not have.</summary>
    private string? Problem => ErrorText
        ?? (Dataset is not null && _loadedFor == Dataset && Value is { Length: > 0 } value && _columns.All(c => c.Name != value)
            ? $"{Dataset} has no column \"{value}\"."
            : null);

    protected override async Task OnParametersSetAsync()
    {
        if (Dataset != _loadedFor)
        {
            _columns = Dataset is null ? [] : await Queries.GetColumnsAsync(Dataset, Cancellation);
            _loadedFor = Dataset;
        }
    }

    private Task<IEnumerable<string>> SearchAsync(string? text, CancellationToken cancellationToken)
    {
        var typed = text?.Trim() ?? string.Empty;
        var matches = Options.Where(c => typed.Length == 0 || typed == Value || c.Name.Contains(typed, StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(matches.Select(c => c.Name));
    }
}
