using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MlOpsPortal.Infrastructure.Persistence;

/// <summary>Applies the EF Core migrations under migrations/ (the schema and the audit trigger; Hangfire creates its own schema).</summary>
public sealed class DatabaseMigrator(IDbContextFactory<PortalDbContext> dbFactory, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        }

        await db.Database.MigrateAsync(cancellationToken);
    }
}
