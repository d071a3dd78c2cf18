using System.Reflection;

namespace MlOpsPortal.Infrastructure.Persistence;

/// <summary>SQL used by migrations: our own scripts under migrations/sql/.</summary>
public static class EmbeddedSql
{
    public static string Load(string name)
    {
        var assembly = typeof(EmbeddedSql).Assembly;
        using var stream = assembly.GetManifestResourceStream($"MlOpsPortal.Migrations.{name}.sql")
            ?? throw new InvalidOperationException($"Embedded migration script {name}.sql not found.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    internal static Assembly Assembly => typeof(EmbeddedSql).Assembly;
}
