using Microsoft.Extensions.Configuration;
using MlOpsPortal.Infrastructure.Hosting;
using Npgsql;

namespace MlOpsPortal.Infrastructure.Tests.Hosting;

/// <summary>The zero-configuration default: a private cluster in the data directory, persistent, single-owner.</summary>
public sealed class ZeroConfigurationDatabaseTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mlops-zc-" + Guid.NewGuid().ToString("N")[..12]);
    private static readonly IConfiguration NoConnectionString = new ConfigurationBuilder().Build();

    [Fact]
    public async Task Prepare_NoConnectionString_CreatesClusterAndDataSurvivesRestart()
    {
        using (var dir = new DataDirectory(_root))
        {
            dir.Lock();
            await using var db = await PortalDatabase.PrepareAsync(NoConnectionString, dir, _ => { }, CancellationToken.None);
            Assert.True(db.IsPrivateCluster);
            await ExecAsync(db.ConnectionString, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here');");
            await db.StopAsync(CancellationToken.None);
        }

        Assert.True(File.Exists(Path.Combine(_root, "pgdata", "PG_VERSION")));
        using (var dir = new DataDirectory(_root))
        {
            dir.Lock();
            await using var db = await PortalDatabase.PrepareAsync(NoConnectionString, dir, _ => { }, CancellationToken.None);
            Assert.Equal("still here", await ScalarAsync(db.ConnectionString, "SELECT v FROM kept"));
            await db.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void Lock_SecondInstanceOnSameDirectory_FailsWithClearMessage()
    {
        using var first = new DataDirectory(_root);
        first.Lock();
        using var second = new DataDirectory(_root);
        var ex = Assert.Throws<PortalStartupException>(second.Lock);
        Assert.Contains("already in use by another MlOpsPortal instance", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MLOPS_DATA_DIR", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0b111_000_000)] // 0700, what mktemp -d and many container volumes give
    [InlineData(0b111_101_101)] // 0755
    public async Task Prepare_DataDirectoryOfEitherMode_StartsClusterAndDataSurvivesRestart(int mode)
    {
        Directory.CreateDirectory(_root);
        File.SetUnixFileMode(_root, (UnixFileMode)mode);
        using (var dir = new DataDirectory(_root))
        {
            dir.Lock();
            await using var db = await PortalDatabase.PrepareAsync(NoConnectionString, dir, _ => { }, CancellationToken.None);
            await ExecAsync(db.ConnectionString, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('kept');");
            await db.StopAsync(CancellationToken.None);
        }

        using (var dir = new DataDirectory(_root))
        {
            dir.Lock();
            await using var db = await PortalDatabase.PrepareAsync(NoConnectionString, dir, _ => { }, CancellationToken.None);
            Assert.Equal("kept", await ScalarAsync(db.ConnectionString, "SELECT v FROM kept"));
            await db.StopAsync(CancellationToken.None);
        }

        // Nobody else may list the directory or read what the portal keeps there (at most search permission was added).
        var readOrWriteByOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
        Assert.Equal((UnixFileMode)mode & readOrWriteByOthers, File.GetUnixFileMode(_root) & readOrWriteByOthers);
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(Path.Combine(_root, "artifacts")) & (UnixFileMode.OtherRead | UnixFileMode.OtherExecute));
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(Path.Combine(_root, "keys")) & (UnixFileMode.OtherRead | UnixFileMode.OtherExecute));
    }

    [Fact]
    public void Lock_DirectoryThatCannotBeWritten_FailsWithOneLineNamingItAndMlopsDataDir()
    {
        // Even root cannot create a directory under /proc: a directory that truly cannot be used.
        using var dir = new DataDirectory("/proc/mlops-data");
        var ex = Assert.Throws<PortalStartupException>(dir.Lock);
        Assert.Contains("/proc/mlops-data", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MLOPS_DATA_DIR", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task Prepare_WithConnectionString_StartsNothing()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Portal"] = "Host=example;Database=x" }).Build();
        using var dir = new DataDirectory(_root);
        await using var db = await PortalDatabase.PrepareAsync(config, dir, _ => { }, CancellationToken.None);
        Assert.False(db.IsPrivateCluster);
        Assert.False(Directory.Exists(Path.Combine(_root, "pgdata")));
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // The postgres user may still hold files for a moment; a temp directory left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same reason.
        }
    }

    private static async Task ExecAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<string?> ScalarAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (string?)await cmd.ExecuteScalarAsync();
    }
}
