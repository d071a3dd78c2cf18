using MudBlazor;

namespace MlOpsPortal.Web.Components.Layout;

public partial class MainLayout
{
    private readonly MudTheme _theme = PortalTheme.Create();
    private MudThemeProvider? _themeProvider;
    private bool _drawerOpen = true;
    private bool _darkMode;

    // Set after the first interactive render: browser tests and the UI benchmark wait for it.
    private bool _interactive;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Start in the operating system's theme; the toggle overrides it for this session.
        if (firstRender && RendererInfo.IsInteractive)
        {
            _interactive = true;
            if (_themeProvider is not null)
            {
                _darkMode = await _themeProvider.GetSystemDarkModeAsync();
            }

            StateHasChanged();
        }
    }

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    private void ToggleDarkMode() => _darkMode = !_darkMode;
}
