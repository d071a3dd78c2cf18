using Microsoft.AspNetCore.Components;

namespace MlOpsPortal.Web.Components.Pickers;

/// <summary>
/// A value of a column (the positive class, a group), offered from the version's profile with row counts; a value the
/// profile does not list (numeric columns, rare values) can be typed.
/// </summary>
public sealed partial class LabelValuePicker
{
    private IReadOnlyList<LabelValueOption> _values = [];
    private (DatasetVersionRef?, string?) _loadedFor;

    [Parameter]
    public DatasetVersionRef? Dataset { get; set; }

    [Parameter]
    public string? Column { get; set; }

    /// <summary>The values loaded for <see cref="Dataset"/> and <see cref="Column"/>, most frequent first.</summary>
    public IReadOnlyList<LabelValueOption> Options => _values;

    private string Helper =>
        Dataset is null ? "Choose a dataset version first."
        : string.IsNullOrEmpty(Column) ? "Choose the column first."
        : _values.Count == 0 ? $"No value counts for \"{Column}\" yet: type the value."
        : HelperText ?? $"Values of \"{Column}\" with their row counts.";

    protected override async Task OnParametersSetAsync()
    {
        if ((Dataset, Column) != _loadedFor)
        {
            _values = Dataset is null || string.IsNullOrEmpty(Column) ? [] : await Queries.GetColumnValuesAsync(Dataset, Column, Cancellation);
            _loadedFor = (Dataset, Column);
        }
    }

    private Task<IEnumerable<string>> SearchAsync(string? text, CancellationToken cancellationToken)
    {
        var typed = text?.Trim() ?? string.Empty;
        var matches = _values.Where(v => typed.Length == 0 || v.Value.Contains(typed, StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(matches.Select(v => v.Value));
    }
}
