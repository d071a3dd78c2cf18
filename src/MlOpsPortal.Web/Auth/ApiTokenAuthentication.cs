using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using MlOpsPortal.Infrastructure.Identity;
using MlOpsPortal.Web.Api;

namespace MlOpsPortal.Web.Auth;

/// <summary>`Authorization: Bearer mlp_...` personal access tokens. Scopes become "scope" claims; roles come from the user.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens,
    ApiTokenCache cache,
    Microsoft.AspNetCore.Identity.UserManager<PortalUser> users)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string ScopeClaim = "scope";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header["Bearer ".Length..].Trim();
        if (!cache.TryGet(secret, out var principal, out var roles))
        {
            var validated = await tokens.ValidateAsync(secret, Context.RequestAborted);
            if (validated is null)
            {
                return AuthenticateResult.Fail("The bearer token is unknown, expired or revoked.");
            }

            var user = await users.FindByIdAsync(validated.UserId);
            if (user is null)
            {
                return AuthenticateResult.Fail("The token's user no longer exists.");
            }

            principal = validated;
            roles = [.. await users.GetRolesAsync(user)];
            cache.Set(secret, principal, roles);
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, principal.UserId),
            new(ClaimTypes.Name, principal.UserName),
            new("token_id", principal.TokenId.ToString()),
        };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(principal.Scopes.Select(s => new Claim(ScopeClaim, s)));
        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Authentication required",
            "Send a valid personal access token as 'Authorization: Bearer <token>'.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden",
            "Your role or your token's scopes do not allow this operation.");
}
