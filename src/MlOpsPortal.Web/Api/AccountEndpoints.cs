using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using MlOpsPortal.Infrastructure.Identity;

namespace MlOpsPortal.Web.Api;

public static class AccountEndpoints
{
    /// <summary>
    /// Sign-out is a POST with an antiforgery token (the user menu's form). It rotates the user's security stamp, so the
    /// cookie (and any copy of it) is refused from the next request on, and tells open circuits of the user to re-check.
    /// </summary>
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/account/logout", async (HttpContext http, SignInManager<PortalUser> signIn, IAntiforgery antiforgery, UserSessions sessions) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Problems.From(MlOpsPortal.Domain.Common.Error.Invalid("Sign-out needs the form's antiforgery token; use the Sign out button."));
            }

            if (await signIn.UserManager.GetUserAsync(http.User) is { } user)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(user);
                sessions.NotifyChanged(user.Id);
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        }).ExcludeFromDescription(); // the user menu's form post (a redirect), not part of the REST API
}
