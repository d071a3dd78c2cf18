namespace MlOpsPortal.Web.Components.Pickers;

/// <summary>Type-to-search dataset version: "adult v3 · 32,561 rows", newest version first.</summary>
public sealed partial class DatasetVersionPicker
{
    private readonly Dictionary<DatasetVersionRef, DatasetVersionOption> _known = [];

    protected override async Task OnParametersSetAsync()
    {
        // A value set from outside (a cloned form) shows its row count too.
        if (Value is { } value && !_known.ContainsKey(value))
        {
            Remember(await Queries.SearchDatasetVersionsAsync(value.ToString(), Cancellation));
        }
    }

    private async Task<IEnumerable<DatasetVersionRef>> SearchAsync(string? text, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Cancellation);
        var options = await Queries.SearchDatasetVersionsAsync(text, linked.Token);
        Remember(options);
        return options.Select(o => o.Ref);
    }

    private string Display(DatasetVersionRef? value) =>
        value is null ? string.Empty : _known.TryGetValue(value, out var option) ? PickerText.DatasetVersion(option) : value.ToString();

    private void Remember(IEnumerable<DatasetVersionOption> options)
    {
        foreach (var option in options)
        {
            _known[option.Ref] = option;
        }
    }
}
