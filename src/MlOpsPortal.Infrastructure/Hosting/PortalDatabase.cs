using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using MlOpsPortal.Infrastructure.Postgres;
using Npgsql;

namespace MlOpsPortal.Infrastructure.Hosting;

/// <summary>
/// Decides where the database is. With ConnectionStrings:Portal set, that server is used and nothing is started.
/// Otherwise (the zero-configuration default) a private cluster in &lt;data dir&gt;/pgdata is created on first use,
/// started now, and stopped when the host stops.
/// </summary>
public sealed class PortalDatabase : IHostedService, IAsyncDisposable
{
    public const string DatabaseName = "mlops";
    private readonly PrivatePostgresCluster? _cluster;

    private PortalDatabase(string connectionString, PrivatePostgresCluster? cluster)
    {
        ConnectionString = connectionString;
        _cluster = cluster;
    }

    public string ConnectionString { get; }

    public bool IsPrivateCluster => _cluster is not null;

    public static async Task<PortalDatabase> PrepareAsync(IConfiguration configuration, DataDirectory dataDirectory, Action<string> log, CancellationToken cancellationToken)
    {
        var configured = configuration.GetConnectionString("Portal");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new PortalDatabase(configured, null);
        }

        PrivatePostgresCluster cluster;
        try
        {
            cluster = new PrivatePostgresCluster(dataDirectory.PostgresData, configuration["Postgres:BinDirectory"], log);
            await cluster.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or DirectoryNotFoundException)
        {
            // The cluster's own words say what is missing and what to do; the host prints them as one line.
            throw new PortalStartupException(ex.Message, ex);
        }

        await EnsureDatabaseAsync(cluster.ConnectionString(), DatabaseName, cancellationToken);
        return new PortalDatabase(cluster.ConnectionString(DatabaseName), cluster);
    }

    /// <summary>Creates the database on the server when it does not exist yet.</summary>
    public static async Task EnsureDatabaseAsync(string adminConnectionString, string database, CancellationToken cancellationToken)
    {
        await using var conn = new NpgsqlConnection(adminConnectionString);
        await conn.OpenAsync(cancellationToken);
        await using var check = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", conn);
        check.Parameters.AddWithValue("n", database);
        if (await check.ExecuteScalarAsync(cancellationToken) is null)
        {
            // Identifiers cannot be parameters; the name is ours (a constant or a generated test name), quoted anyway.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", string.Empty, StringComparison.Ordinal)}\"", conn);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        NpgsqlConnection.ClearAllPools();
        if (_cluster is not null)
        {
            await _cluster.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);
}
