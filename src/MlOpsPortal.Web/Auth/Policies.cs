using Microsoft.AspNetCore.Authorization;
using MlOpsPortal.Domain.Identity;

namespace MlOpsPortal.Web.Auth;

/// <summary>
/// Authorization policies. Browser sessions carry every scope; a token carries only its own scopes, and a
/// request needs both the role and the scope. Reads: any role + scope read. Writes: DataScientist or Admin
/// + scope write. Approvals: Approver + scope write. Administration: Admin (+ read or write scope).
/// </summary>
public static class Policies
{
    public const string Read = "Read";
    public const string Write = "Write";
    public const string Approve = "Approve";
    public const string AdminRead = "AdminRead";
    public const string AdminWrite = "AdminWrite";
    public const string Score = "Score";

    public static void Configure(AuthorizationOptions options)
    {
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        options.AddPolicy(Read, p => p.RequireRole(Roles.Reading.ToArray()).AddRequirements(new ScopeRequirement(TokenScopes.Read)));
        options.AddPolicy(Write, p => p.RequireRole(Roles.DataScientist, Roles.Admin).AddRequirements(new ScopeRequirement(TokenScopes.Write)));
        options.AddPolicy(Approve, p => p.RequireRole(Roles.Approver).AddRequirements(new ScopeRequirement(TokenScopes.Write)));
        options.AddPolicy(AdminRead, p => p.RequireRole(Roles.Admin).AddRequirements(new ScopeRequirement(TokenScopes.Read)));
        options.AddPolicy(AdminWrite, p => p.RequireRole(Roles.Admin).AddRequirements(new ScopeRequirement(TokenScopes.Write)));
        options.AddPolicy(Score, p => p.RequireRole(Roles.Reading.ToArray()).AddRequirements(new ScopeRequirement(TokenScopes.Score)));
    }
}

public sealed record ScopeRequirement(string Scope) : IAuthorizationRequirement;

internal sealed class ScopeRequirementHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        var viaToken = context.User.Identities.Any(i => i.AuthenticationType == ApiTokenAuthenticationHandler.SchemeName);
        if (!viaToken || context.User.HasClaim(ApiTokenAuthenticationHandler.ScopeClaim, requirement.Scope))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
