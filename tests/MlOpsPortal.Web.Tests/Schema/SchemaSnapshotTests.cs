using Microsoft.Extensions.DependencyInjection;
using System.Text;
using MlOpsPortal.TestSupport;
using MlOpsPortal.TestSupport.Web;
using Npgsql;

namespace MlOpsPortal.Web.Tests.Schema;

/// <summary>
/// The schema the migrations produce must equal the committed snapshot (migrations/schema.snapshot.txt).
/// After an intended schema change, regenerate it with MLOPS_UPDATE_SCHEMA_SNAPSHOT=1 and review the diff.
/// </summary>
public sealed class SchemaSnapshotTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static readonly string SnapshotPath = Path.Combine(TestPaths.RepoRoot, "migrations", "schema.snapshot.txt");

    [Fact]
    public async Task LiveSchema_AfterMigrations_MatchesCommittedSnapshot()
    {
        var live = await DescribeAsync(app.ConnectionString);
        if (Environment.GetEnvironmentVariable("MLOPS_UPDATE_SCHEMA_SNAPSHOT") == "1")
        {
            await File.WriteAllTextAsync(SnapshotPath, live);
        }

        Assert.True(File.Exists(SnapshotPath), $"Missing {SnapshotPath}; generate it with MLOPS_UPDATE_SCHEMA_SNAPSHOT=1.");
        Assert.Equal(await File.ReadAllTextAsync(SnapshotPath), live);
    }

    [Fact]
    public async Task Model_ComparedWithLastMigration_HasNoChangesThatNoMigrationCaptures()
    {
        var factory = app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<MlOpsPortal.Infrastructure.Persistence.PortalDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        Assert.False(
            Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.HasPendingModelChanges(db.Database),
            "The EF Core model has changes that no migration captures: add one (see migrations/README.md).");
    }

    [Fact]
    public void IdempotentScript_ContainsEveryMigration()
    {
        var script = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "migrations", "portal.sql"));
        var ids = typeof(MlOpsPortal.Infrastructure.Persistence.PortalDbContext).Assembly.GetTypes()
            .Select(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), false).FirstOrDefault())
            .OfType<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>()
            .Select(a => a.Id)
            .ToList();
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.Contains(id, script, StringComparison.Ordinal));
    }

    private static async Task<string> DescribeAsync(string connectionString)
    {
        var sb = new StringBuilder();
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await AppendAsync(conn, sb, "column", """
            SELECT table_name || '.' || column_name || ' ' || data_type || COALESCE('(' || character_maximum_length || ')', '') ||
                   CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END ||
                   CASE WHEN is_identity = 'YES' THEN ' identity ' || identity_generation ELSE '' END
            FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name
            """);
        await AppendAsync(conn, sb, "index", "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY tablename, indexname");
        await AppendAsync(conn, sb, "constraint", """
            SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
            FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY conrelid::regclass::text, conname
            """);
        await AppendAsync(conn, sb, "trigger", """
            SELECT tgrelid::regclass || ' ' || tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1
            """);
        return sb.ToString();
    }

    private static async Task AppendAsync(NpgsqlConnection conn, StringBuilder sb, string kind, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sb.Append(kind).Append(": ").AppendLine(reader.GetString(0));
        }
    }
}
