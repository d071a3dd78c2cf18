using System.Globalization;
using MlOpsPortal.Infrastructure.Postgres;
using Npgsql;

namespace MlOpsPortal.TestSupport;

/// <summary>
/// One real PostgreSQL server per test run (per test assembly process): initdb + pg_ctl into a temporary
/// directory on a free port, stopped when the process exits. MLOPS_TEST_PG may name an already running
/// server's admin connection string instead. Each caller gets its own fresh database.
/// If PostgreSQL cannot be started the tests fail; they never skip.
/// </summary>
public static class PostgresServer
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _adminConnectionString;
    private static int _counter;

    public static async Task<string> CreateDatabaseAsync(string purpose)
    {
        var admin = await AdminConnectionStringAsync();
        var name = $"t_{purpose.ToLowerInvariant()}_{Environment.ProcessId}_{Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture)}";
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public static async Task<string> AdminConnectionStringAsync()
    {
        if (_adminConnectionString is not null)
        {
            return _adminConnectionString;
        }

        await Gate.WaitAsync();
        try
        {
            if (_adminConnectionString is null)
            {
                _adminConnectionString = Environment.GetEnvironmentVariable("MLOPS_TEST_PG") is { Length: > 0 } external
                    ? external
                    : await StartPrivateClusterAsync();
            }

            return _adminConnectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    private const string RootPrefix = "mlops-tests-";

    private static async Task<string> StartPrivateClusterAsync()
    {
        RemoveLeftovers();
        var root = Path.Combine(Path.GetTempPath(), $"{RootPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(root);
        var cluster = new PrivatePostgresCluster(Path.Combine(root, "pgdata"));
        await cluster.StartAsync(CancellationToken.None);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            NpgsqlConnection.ClearAllPools();
            cluster.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temporary directory left behind is harmless.
            }
            catch (UnauthorizedAccessException)
            {
                // Same: the postgres user may own files we cannot remove.
            }
        };
        return cluster.ConnectionString();
    }

    /// <summary>
    /// Deletes the clusters of earlier test processes that are gone. A test host that is ended before its exit handler
    /// finishes leaves its directory behind, up to 2 GB each, so this keeps a machine that runs the suite often from
    /// filling up. A directory whose test process or PostgreSQL server still runs is left alone.
    /// </summary>
    private static void RemoveLeftovers()
    {
        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), RootPrefix + "*"))
        {
            var name = Path.GetFileName(directory);
            var dash = name.IndexOf('-', RootPrefix.Length);
            if (dash < 0 || !int.TryParse(name.AsSpan(RootPrefix.Length, dash - RootPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || pid == Environment.ProcessId || IsRunning(pid) || ServerRuns(Path.Combine(directory, "pgdata", "postmaster.pid")))
            {
                continue;
            }

            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Best effort, as at exit.
            }
        }
    }

    private static bool IsRunning(int pid) => Directory.Exists($"/proc/{pid}");

    /// <summary>Whether the server a <c>postmaster.pid</c> names (its first line) still runs.</summary>
    private static bool ServerRuns(string pidFile)
    {
        try
        {
            return File.Exists(pidFile)
                && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && IsRunning(pid);
        }
        catch (IOException)
        {
            return true;
        }
    }
}
