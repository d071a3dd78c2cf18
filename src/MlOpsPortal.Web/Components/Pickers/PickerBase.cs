using Microsoft.AspNetCore.Components;

namespace MlOpsPortal.Web.Components.Pickers;

/// <summary>
/// What every picker shares: a label, a two-way <see cref="Value"/>, required with a message in the user's words, helper
/// text, an error shown next to the field (for example the server's answer), disabled, and a cancellation token that
/// ends with the component. Unmatched attributes (an <c>id</c>, <c>aria-*</c>) go to the input element.
/// </summary>
public abstract class PickerBase<TValue> : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _cts = new();

    [Inject]
    protected IPickerQueries Queries { get; set; } = default!;

    [Parameter, EditorRequired]
    public string Label { get; set; } = string.Empty;

    [Parameter]
    public TValue? Value { get; set; }

    [Parameter]
    public EventCallback<TValue?> ValueChanged { get; set; }

    [Parameter]
    public bool Required { get; set; }

    /// <summary>Shown when <see cref="Required"/> and nothing is chosen; defaults to "Choose a/an {label}.".</summary>
    [Parameter]
    public string? RequiredError { get; set; }

    [Parameter]
    public string? HelperText { get; set; }

    /// <summary>An error to show under the field (for example what the server said about this value).</summary>
    [Parameter]
    public string? ErrorText { get; set; }

    [Parameter]
    public bool Disabled { get; set; }

    [Parameter]
    public MudBlazor.Variant Variant { get; set; } = MudBlazor.Variant.Outlined;

    [Parameter(CaptureUnmatchedValues = true)]
    public Dictionary<string, object>? InputAttributes { get; set; }

    /// <summary>The attributes for the input (MudBlazor needs a dictionary, never null).</summary>
    protected Dictionary<string, object> Attributes => InputAttributes is null ? [] : new(InputAttributes, StringComparer.Ordinal);

    protected CancellationToken Cancellation => _cts.Token;

    protected string RequiredMessage => RequiredError ?? PickerText.RequiredMessage(Label);

    protected async Task SetValueAsync(TValue? value)
    {
        Value = value;
        await ValueChanged.InvokeAsync(value);
    }

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
        GC.SuppressFinalize(this);
    }
}
