using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Identity;

namespace MlOpsPortal.Infrastructure.Identity;

public sealed record UserSummary(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool LockedOut, DateTimeOffset CreatedAt);

/// <summary>Admin use cases for users and roles, and a user's own password change; every change is audited.</summary>
public sealed class UserAdminService(UserManager<PortalUser> users, IAuditLog audit, TimeProvider time, ApiTokenCache tokenCache, UserSessions sessions)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await users.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var result = new List<UserSummary>(all.Count);
        foreach (var u in all)
        {
            result.Add(await ToSummaryAsync(u));
        }

        return result;
    }

    public async Task<Result<UserSummary>> CreateAsync(Actor actor, string email, string displayName, string password, IReadOnlyCollection<string> roles, CancellationToken cancellationToken)
    {
        if (roles.Any(r => !Roles.All.Contains(r)))
        {
            return Error.Invalid($"Unknown role. Roles are: {string.Join(", ", Roles.All)}.");
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            return Error.AlreadyExists($"A user with email {email} already exists.");
        }

        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, CreatedAt = time.GetUtcNow() };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return Error.Invalid(Describe(created));
        }

        if (roles.Count > 0)
        {
            var added = await users.AddToRolesAsync(user, roles);
            if (!added.Succeeded)
            {
                return Error.Invalid(Describe(added));
            }
        }

        var summary = await ToSummaryAsync(user);
        await audit.WriteAsync(new AuditRecord(actor, "user.created", "User", user.Id, After: summary), cancellationToken);
        return summary;
    }

    public async Task<Result<UserSummary>> SetRolesAsync(Actor actor, string userId, IReadOnlyCollection<string> roles, CancellationToken cancellationToken)
    {
        if (roles.Any(r => !Roles.All.Contains(r)))
        {
            return Error.Invalid($"Unknown role. Roles are: {string.Join(", ", Roles.All)}.");
        }

        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Error.NotFound($"User {userId} not found.");
        }

        var current = await users.GetRolesAsync(user);
        if (user.Id == actor.UserId && current.Contains(Roles.Admin) && !roles.Contains(Roles.Admin))
        {
            return Error.InvalidState("You cannot remove your own Admin role.");
        }

        var before = await ToSummaryAsync(user);
        var removed = await users.RemoveFromRolesAsync(user, current.Except(roles));
        var added = await users.AddToRolesAsync(user, roles.Except(current));
        if (!removed.Succeeded || !added.Succeeded)
        {
            return Error.Invalid(Describe(removed.Succeeded ? added : removed));
        }

        tokenCache.Clear();
        sessions.NotifyChanged(user.Id);
        var after = await ToSummaryAsync(user);
        await audit.WriteAsync(new AuditRecord(actor, "user.roles_changed", "User", user.Id, before, after), cancellationToken);
        return after;
    }

    public async Task<Result<bool>> ChangePasswordAsync(Actor actor, string userId, string currentPassword, string newPassword, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Error.NotFound("User not found.");
        }

        var changed = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!changed.Succeeded)
        {
            return Error.Invalid(Describe(changed));
        }

        // ChangePasswordAsync rotated the security stamp: every other session of this user ends with its next request.
        sessions.NotifyChanged(user.Id);
        await audit.WriteAsync(new AuditRecord(actor, "user.password_changed", "User", user.Id), cancellationToken);
        return true;
    }

    private async Task<UserSummary> ToSummaryAsync(PortalUser u) =>
        new(u.Id, u.Email ?? string.Empty, u.DisplayName, (await users.GetRolesAsync(u)).Order(StringComparer.Ordinal).ToList(),
            u.LockoutEnd is { } end && end > time.GetUtcNow(), u.CreatedAt);

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}
