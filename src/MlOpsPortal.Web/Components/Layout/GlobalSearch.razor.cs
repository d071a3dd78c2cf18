using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Web.Auth;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Layout;

public sealed partial class GlobalSearch : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private MudAutocomplete<SearchHit>? _box;
    private SearchHit? _selected;

    [Inject]
    private GlobalSearchQueries Queries { get; set; } = null!;

    [Inject]
    private AuthenticationStateProvider AuthState { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    private async Task<IEnumerable<SearchHit>> SearchAsync(string? text, CancellationToken cancellationToken)
    {
        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        return await Queries.SearchAsync(text, CurrentActor.UserId(user), linked.Token);
    }

    private async Task GoAsync(SearchHit? hit)
    {
        if (hit is null)
        {
            return;
        }

        Navigation.NavigateTo(hit.Href);
        _selected = null;
        if (_box is not null)
        {
            await _box.ClearAsync();
        }
    }
}
