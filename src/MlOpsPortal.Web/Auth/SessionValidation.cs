using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MlOpsPortal.Infrastructure.Identity;

namespace MlOpsPortal.Web.Auth;

/// <summary>
/// Sign-in cookies are checked on every request instead of every 30 minutes: a cookie whose security stamp is stale
/// (sign-out, password change) or whose user is gone is refused, and the roles in the cookie are replaced by the
/// user's current roles, so a demotion or promotion applies to the very next request.
/// </summary>
public static class SessionValidation
{
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var sessions = context.HttpContext.RequestServices.GetRequiredService<UserSessions>();
        var state = principal?.FindFirstValue(options.UserIdClaimType) is { } userId
            ? await sessions.GetAsync(userId, context.HttpContext.RequestAborted)
            : null;
        if (principal is null || state is null || !string.Equals(state.SecurityStamp, principal.FindFirstValue(options.SecurityStampClaimType), StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        if (!RolesOf(principal, options.RoleClaimType).SetEquals(state.Roles) && principal.Identity is ClaimsIdentity identity)
        {
            var refreshed = new ClaimsIdentity(
                identity.Claims.Where(c => c.Type != options.RoleClaimType).Concat(state.Roles.Select(r => new Claim(options.RoleClaimType, r))),
                identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType);
            context.ReplacePrincipal(new ClaimsPrincipal(refreshed));
            context.ShouldRenew = true;
        }
    }

    /// <summary>True when the principal still matches the user's stamp and roles (used by open Blazor circuits).</summary>
    public static async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, UserSessions sessions, ClaimsIdentityOptions options, CancellationToken cancellationToken)
    {
        if (principal.FindFirstValue(options.UserIdClaimType) is not { } userId)
        {
            return false;
        }

        var state = await sessions.GetAsync(userId, cancellationToken);
        return state is not null
            && string.Equals(state.SecurityStamp, principal.FindFirstValue(options.SecurityStampClaimType), StringComparison.Ordinal)
            && RolesOf(principal, options.RoleClaimType).SetEquals(state.Roles);
    }

    private static HashSet<string> RolesOf(ClaimsPrincipal principal, string roleClaimType) =>
        principal.FindAll(roleClaimType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
}

/// <summary>
/// The Blazor circuit's user, re-checked every <see cref="RevalidationInterval"/> and at once when this node changes
/// the user's roles or stamp. A stale circuit becomes signed out: its pages give way to the sign-in redirect, and the
/// reload gets a fresh principal from the cookie (current roles) or the sign-in form (stale stamp).
/// </summary>
internal sealed class RevalidatingPortalAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private static readonly AuthenticationState SignedOut = new(new ClaimsPrincipal(new ClaimsIdentity()));
    private readonly UserSessions _sessions;
    private readonly ClaimsIdentityOptions _claims;

    public RevalidatingPortalAuthenticationStateProvider(ILoggerFactory loggerFactory, UserSessions sessions, IOptions<IdentityOptions> options)
        : base(loggerFactory)
    {
        _sessions = sessions;
        _claims = options.Value.ClaimsIdentity;
        _sessions.Changed += OnSessionChanged;
    }

    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(10);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        SessionValidation.IsCurrentAsync(authenticationState.User, _sessions, _claims, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        _sessions.Changed -= OnSessionChanged;
        base.Dispose(disposing);
    }

    private void OnSessionChanged(string userId) => _ = RecheckAsync(userId);

    private async Task RecheckAsync(string userId)
    {
        var state = await GetAuthenticationStateAsync();
        if (state.User.FindFirstValue(_claims.UserIdClaimType) == userId
            && !await SessionValidation.IsCurrentAsync(state.User, _sessions, _claims, CancellationToken.None))
        {
            SetAuthenticationState(Task.FromResult(SignedOut));
        }
    }
}
