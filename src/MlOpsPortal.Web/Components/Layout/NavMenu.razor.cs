using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace MlOpsPortal.Web.Components.Layout;

public partial class NavMenu
{
    private IReadOnlyList<NavGroup> _groups = [];

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _groups = AuthenticationState is null ? [] : NavMenuModel.For((await AuthenticationState).User);
    }
}
