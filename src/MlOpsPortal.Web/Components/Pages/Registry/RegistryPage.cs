using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Infrastructure.Registry;
using MlOpsPortal.Web.Api.Registry;
using MlOpsPortal.Web.Security;

namespace MlOpsPortal.Web.Components.Pages.Registry;

/// <summary>
/// Base of the registry pages: resolves the caller once, reloads when any registry change commits (live inbox,
/// history, alias moves) and cancels its work when the page goes away.
/// </summary>
public abstract class RegistryPage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private bool _subscribed;

    [Inject]
    protected AuthenticationStateProvider AuthState { get; set; } = null!;

    [Inject]
    protected RegistryChangeNotifier Changes { get; set; } = null!;

    protected RegistryCaller Caller { get; private set; } = new(string.Empty, string.Empty, false, false, false);

    protected CancellationToken Aborted => _cts.Token;

    /// <summary>The model page's address.</summary>
    public static string ModelHref(string model) => $"/models/{Uri.EscapeDataString(model)}";

    /// <summary>The version page's address, optionally opening one of its tabs.</summary>
    public static string VersionHref(string model, int version, string? tab = null) =>
        $"/models/{Uri.EscapeDataString(model)}/versions/{version}" + (tab is null ? string.Empty : "?tab=" + Uri.EscapeDataString(tab));

    /// <summary>User markdown to allow-listed HTML (no raw HTML, attributes or script URLs); see <see cref="SafeMarkdown"/>.</summary>
    public static MarkupString Markdown(string? text) => SafeMarkdown.ToMarkup(text);

    public void Dispose()
    {
        Changes.Changed -= OnChanged;
        _cts.Cancel();
        _cts.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract Task LoadAsync();

    protected override async Task OnParametersSetAsync()
    {
        if (!_subscribed)
        {
            var state = await AuthState.GetAuthenticationStateAsync();
            Caller = RegistryApi.Caller(state.User);
            Changes.Changed += OnChanged;
            _subscribed = true;
        }

        await LoadAsync();
    }

    private void OnChanged() => _ = InvokeAsync(async () =>
    {
        if (!_cts.IsCancellationRequested)
        {
            await LoadAsync();
            StateHasChanged();
        }
    });
}
