namespace MlOpsPortal.Web.Components.Pickers;

/// <summary>Type-to-search model version: models by name, their versions newest first, aliases beside each version.</summary>
public sealed partial class ModelVersionPicker
{
    private readonly Dictionary<ModelVersionRef, ModelVersionOption> _known = [];

    protected override async Task OnParametersSetAsync()
    {
        if (Value is { } value && !_known.ContainsKey(value))
        {
            Remember(await Queries.SearchModelVersionsAsync(value.ToString(), Cancellation));
        }
    }

    private async Task<IEnumerable<ModelVersionRef>> SearchAsync(string? text, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Cancellation);
        var options = await Queries.SearchModelVersionsAsync(text, linked.Token);
        Remember(options);
        return options.Select(o => o.Ref);
    }

    private string Display(ModelVersionRef? value) =>
        value is null ? string.Empty : _known.TryGetValue(value, out var option) ? PickerText.ModelVersion(option) : value.ToString();

    private void Remember(IEnumerable<ModelVersionOption> options)
    {
        foreach (var option in options)
        {
            _known[option.Ref] = option;
        }
    }
}
