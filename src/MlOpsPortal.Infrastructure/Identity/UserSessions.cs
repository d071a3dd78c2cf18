using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Identity;

/// <summary>What a signed-in session is checked against: the user's current security stamp and roles.</summary>
public sealed record SessionState(string SecurityStamp, IReadOnlySet<string> Roles);

/// <summary>
/// The per-request session check: one indexed query for the user's security stamp and roles. A cookie whose stamp no
/// longer matches (sign-out, password change) is refused; roles are read fresh, so a demotion applies to the next request.
/// <see cref="Changed"/> tells this node's open Blazor circuits that a user's session changed, so they re-check at once.
/// </summary>
public sealed class UserSessions(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>Raised with a user id after that user's roles or security stamp changed on this node.</summary>
    public event Action<string>? Changed;

    public async Task<SessionState?> GetAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new
            {
                u.SecurityStamp,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return row is null
            ? null
            : new SessionState(row.SecurityStamp ?? string.Empty, row.Roles.OfType<string>().ToHashSet(StringComparer.Ordinal));
    }

    public void NotifyChanged(string userId) => Changed?.Invoke(userId);
}
