using MudBlazor;

namespace MlOpsPortal.Web.Components.Layout;

/// <summary>
/// The portal's MudBlazor theme: indigo primary, teal secondary, light and dark palettes, the system font stack
/// (no web fonts: the Content-Security-Policy allows fonts from this origin only, and none is needed).
/// </summary>
public static class PortalTheme
{
    private static readonly string[] FontStack = ["Inter", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static MudTheme Create() => new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#00897b",
            AppbarBackground = "#283593",
            Background = "#f6f7fb",
            DrawerBackground = "#ffffff",
            DrawerText = "rgba(0,0,0,0.78)",
            TableLines = "#e3e5ec",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8c9eff",
            Secondary = "#4db6ac",
            AppbarBackground = "#1a1d2e",
            Background = "#12131a",
            Surface = "#1c1e29",
            DrawerBackground = "#171923",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontStack },
            H1 = new H1Typography { FontFamily = FontStack, FontSize = "1.6rem", FontWeight = "600", LineHeight = "1.3" },
            H2 = new H2Typography { FontFamily = FontStack, FontSize = "1.3rem", FontWeight = "600", LineHeight = "1.3" },
            H3 = new H3Typography { FontFamily = FontStack, FontSize = "1.1rem", FontWeight = "600", LineHeight = "1.3" },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "248px" },
    };
}
