using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace MlOpsPortal.Web.Tests.Components;

/// <summary>
/// Base of the component tests (bunit): MudBlazor's services, JavaScript interop answered loosely (MudBlazor calls
/// into its script on first render; bunit has no browser) and a signed-in user whose roles each test chooses.
/// </summary>
public abstract class PortalComponentTest : BunitContext
{
    protected PortalComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Auth = AddAuthorization();
    }

    protected BunitAuthorizationContext Auth { get; }

    /// <summary>Signs in <paramref name="email"/> holding <paramref name="roles"/>.</summary>
    protected void SignIn(string email, params string[] roles)
    {
        Auth.SetAuthorized(email);
        Auth.SetRoles(roles);
    }
}
