using Microsoft.AspNetCore.Components;

namespace MlOpsPortal.Web.Components.Pickers;

/// <summary>An alias of <see cref="Model"/>: its existing aliases (and the reserved ones), or a new name typed freely.</summary>
public sealed partial class AliasPicker
{
    private IReadOnlyList<AliasOption> _aliases = [];
    private string? _loadedFor;

    [Parameter]
    public string? Model { get; set; }

    /// <summary>The aliases loaded for <see cref="Model"/>.</summary>
    public IReadOnlyList<AliasOption> Options => _aliases;

    private string Helper =>
        string.IsNullOrEmpty(Model) ? "Choose a model first."
        : HelperText ?? $"An alias of {Model}, or type a new one.";

    protected override async Task OnParametersSetAsync()
    {
        if (Model != _loadedFor)
        {
            _aliases = string.IsNullOrEmpty(Model) ? [] : await Queries.GetAliasesAsync(Model, Cancellation);
            _loadedFor = Model;
        }
    }

    private Task<IEnumerable<string>> SearchAsync(string? text, CancellationToken cancellationToken)
    {
        var typed = text?.Trim() ?? string.Empty;
        IEnumerable<string> matches = _aliases.Where(a => typed.Length == 0 || a.Alias.Contains(typed, StringComparison.OrdinalIgnoreCase)).Select(a => a.Alias);
        if (typed.Length > 0 && _aliases.All(a => !string.Equals(a.Alias, typed, StringComparison.OrdinalIgnoreCase)))
        {
            matches = matches.Append(typed);
        }

        return Task.FromResult(matches);
    }
}
