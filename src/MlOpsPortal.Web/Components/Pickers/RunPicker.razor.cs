namespace MlOpsPortal.Web.Components.Pickers;

/// <summary>Type-to-search run across experiments; the value is the run id, the field shows the run's name and experiment.</summary>
public sealed partial class RunPicker
{
    private readonly Dictionary<string, RunOption> _known = new(StringComparer.Ordinal);

    protected override async Task OnParametersSetAsync()
    {
        if (Value is { Length: > 0 } value && !_known.ContainsKey(value) && await Queries.GetRunAsync(value, Cancellation) is { } run)
        {
            _known[run.RunId] = run;
        }
    }

    private async Task<IEnumerable<string>> SearchAsync(string? text, CancellationToken cancellationToken)
    {
        // Reopening the field searches its text "name · experiment": search by the name.
        var query = text?.Split(" · ", 2)[0];
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Cancellation);
        var options = await Queries.SearchRunsAsync(query, linked.Token);
        foreach (var option in options)
        {
            _known[option.RunId] = option;
        }

        return options.Select(o => o.RunId);
    }

    private string Display(string? value) =>
        value is null ? string.Empty : _known.TryGetValue(value, out var option) ? option.RunName + " · " + option.Experiment : value;
}
