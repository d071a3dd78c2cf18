using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Identity;
using MlOpsPortal.Web.Auth;
using MlOpsPortal.Web.Security;

namespace MlOpsPortal.Web.Api;

public sealed record CreateTokenRequest(string? Email, string? Password, string? Name, string[]? Scopes, int? ExpiresInDays);

public sealed record CreateTokenResponse(string Token, TokenInfo Info);

public sealed record CreateUserRequest(string Email, string? DisplayName, string Password, string[]? Roles);

public sealed record SetRolesRequest(string[] Roles);

public sealed record CsrfTokenResponse(string HeaderName, string Token);

/// <summary>Tokens (self-service), users and roles (Admin), and the current user.</summary>
public static class IdentityEndpoints
{
    public static void MapIdentityEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Identity").WithPortalProblems();
        auth.MapPost("/tokens", CreateTokenWithPasswordAsync).AllowAnonymous()
            .WithName("createToken").Returns<CreateTokenResponse>(StatusCodes.Status201Created);
        auth.MapGet("/tokens", ListTokensAsync).RequireAuthorization(Policies.Read)
            .WithName("listTokens").Returns<IReadOnlyList<TokenInfo>>();
        auth.MapDelete("/tokens/{id:guid}", RevokeTokenAsync).RequireAuthorization(Policies.Read)
            .WithName("revokeToken").Returns<TokenInfo>().Problems(StatusCodes.Status404NotFound);
        auth.MapGet("/csrf", (HttpContext http, IAntiforgery antiforgery) =>
            TypedResults.Ok(new CsrfTokenResponse(ApiCsrfProtection.HeaderName, antiforgery.GetAndStoreTokens(http).RequestToken!)))
            .RequireAuthorization(Policies.Read)
            .WithSummary("An antiforgery token for the browser session: send it as X-CSRF-TOKEN on cookie-authenticated POST/PUT/PATCH/DELETE.")
            .WithName("getCsrfToken");
        auth.MapGet("/me", (HttpContext http) => TypedResults.Ok(new
        {
            id = CurrentActor.UserId(http.User),
            name = http.User.Identity?.Name,
            roles = http.User.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value).ToArray(),
        })).RequireAuthorization(Policies.Read).WithName("getCurrentUser");

        var admin = app.MapGroup("/api/v1/admin").WithTags("Admin").WithPortalProblems();
        admin.MapGet("/users", async (UserAdminService svc, CancellationToken ct) => TypedResults.Ok(await svc.ListAsync(ct)))
            .RequireAuthorization(Policies.AdminRead).WithName("listUsers");
        admin.MapPost("/users", CreateUserAsync).RequireAuthorization(Policies.AdminWrite)
            .WithName("createUser").Returns<UserSummary>(StatusCodes.Status201Created).Problems(StatusCodes.Status409Conflict);
        admin.MapPut("/users/{id}/roles", async (string id, SetRolesRequest body, HttpContext http, UserAdminService svc, CancellationToken ct) =>
            (await svc.SetRolesAsync(CurrentActor.From(http.User), id, body.Roles ?? [], ct)).ToHttp()).RequireAuthorization(Policies.AdminWrite)
            .WithName("setUserRoles").Returns<UserSummary>().Problems(StatusCodes.Status404NotFound);
    }

    /// <summary>
    /// Exchanges email + password for a personal access token (for scripts and CI). Failed attempts count
    /// towards lockout exactly like browser sign-ins, are audited, and get one answer whatever the reason.
    /// </summary>
    private static async Task<IResult> CreateTokenWithPasswordAsync(
        CreateTokenRequest body, HttpContext http, SignInManager<PortalUser> signIn, ApiTokenService tokens, IAuditLog audit, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Email) || string.IsNullOrEmpty(body.Password))
        {
            return Problems.From(Error.Invalid("email and password are required."));
        }

        var user = await signIn.UserManager.FindByEmailAsync(body.Email);
        if (user is null)
        {
            SignInFailure.SpendPasswordCheck(signIn.UserManager.PasswordHasher, body.Password);
        }

        var check = user is null ? SignInResult.Failed : await signIn.CheckPasswordSignInAsync(user, body.Password, lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            await audit.WriteAsync(new AuditRecord(new Actor(body.Email), "auth.sign_in_failed", "User", user?.Id ?? body.Email, After: new { channel = "api", lockedOut = check.IsLockedOut }), ct);
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed", detail: SignInFailure.Message);
        }

        var result = await tokens.CreateAsync(user!.Id, user.UserName ?? body.Email, body.Name ?? "api", body.Scopes ?? ["read"], body.ExpiresInDays ?? 30, ct);
        return result.ToHttp(t => TypedResults.Created($"/api/v1/auth/tokens/{t.Info.Id}", new CreateTokenResponse(t.Secret, t.Info)));
    }

    private static async Task<IResult> ListTokensAsync(HttpContext http, ApiTokenService tokens, CancellationToken ct) =>
        TypedResults.Ok(await tokens.ListAsync(CurrentActor.UserId(http.User), ct));

    private static async Task<IResult> RevokeTokenAsync(Guid id, HttpContext http, ApiTokenService tokens, CancellationToken ct) =>
        (await tokens.RevokeAsync(CurrentActor.UserId(http.User), http.User.Identity?.Name ?? string.Empty, id, ct)).ToHttp();

    private static async Task<IResult> CreateUserAsync(CreateUserRequest body, HttpContext http, UserAdminService svc, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(body.Email) || string.IsNullOrEmpty(body.Password)
        ? Problems.From(new Error(ErrorCode.InvalidArgument, "'email' and 'password' are required.", new Dictionary<string, string[]>
        {
            [string.IsNullOrWhiteSpace(body.Email) ? "$.email" : "$.password"] = ["required"],
        }))
        : (await svc.CreateAsync(CurrentActor.From(http.User), body.Email, body.DisplayName ?? body.Email, body.Password, body.Roles ?? [], ct))
        .ToHttp(u => TypedResults.Created($"/api/v1/admin/users/{u.Id}", u));
}
