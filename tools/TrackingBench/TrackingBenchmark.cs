using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Infrastructure.Tracking;
using MlOpsPortal.TestSupport.Web;
using Npgsql;
using NpgsqlTypes;

namespace MlOpsPortal.Bench;

/// <summary>
/// Seeds N runs × 20 params × 20 latest metrics by binary COPY into the real portal's database, then measures
/// (a) REST log-batch ingest with 8 concurrent clients × 1000 metrics per request, (b) server time of a 50-row runs
/// page sorted by a metric with a two-clause filter, (c) chart data for a 1M-point metric history.
/// </summary>
public static class TrackingBenchmark
{
    /// <summary>Runs every part, or only the one named by <paramref name="only"/> (ingest, search, chart; seeding always).</summary>
    public static async Task RunAsync(int runs, int ingestRequests, int historyPoints, string? only, TextWriter output, CancellationToken cancellationToken)
    {
        var app = new PortalApp();
        await app.InitializeAsync();
        try
        {
            using var client = app.CreateClient(await app.AdminTokenAsync());
            var experimentId = await CreateExperimentAsync(client, "bench", cancellationToken);
            var seed = Stopwatch.StartNew();
            await SeedAsync(app.ConnectionString, long.Parse(experimentId, CultureInfo.InvariantCulture), runs, cancellationToken);
            output.WriteLine($"seed: {runs} runs x 20 params x 20 metrics by COPY in {seed.Elapsed.TotalSeconds:F1} s");

            if (only is null or "ingest")
            {
                await IngestAsync(app, client, experimentId, ingestRequests, output, cancellationToken);
            }

            if (only is null or "search")
            {
                await SearchBenchmark.RunAsync(app.Services, experimentId, output, cancellationToken);
            }

            if (only is null or "chart")
            {
                await ChartAsync(app, client, experimentId, historyPoints, output, cancellationToken);
            }

        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    internal static async Task<string> CreateExperimentAsync(HttpClient client, string name, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync("api/2.0/mlflow/experiments/create", new { name }, ct);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("experiment_id").GetString()!;
    }

    private static async Task<string> CreateRunAsync(HttpClient client, string experimentId, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync("api/2.0/mlflow/runs/create", new { experiment_id = experimentId }, ct);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
    }

    internal static async Task SeedAsync(string connectionString, long experimentId, int runs, CancellationToken ct)
    {
        var random = new Random(42);
        var ids = Enumerable.Range(0, runs).Select(_ => Guid.NewGuid()).ToArray();
        var start = DateTime.UtcNow.AddDays(-30);
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using (var w = await conn.BeginBinaryImportAsync(
            "COPY runs (id, experiment_id, name, status, start_time, user_id, source, artifact_location, lifecycle_stage) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var i = 0; i < runs; i++)
            {
                await w.WriteRowAsync(ct, ids[i], experimentId, "run-" + i.ToString(CultureInfo.InvariantCulture), (short)2, start.AddSeconds(i * 10), "bench", "external", "bench", "active");
            }

            await w.CompleteAsync(ct);
        }

        await using (var w = await conn.BeginBinaryImportAsync("COPY run_params (run_id, key, value) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var id in ids)
            {
                for (var p = 0; p < 20; p++)
                {
                    await w.WriteRowAsync(ct, id, "p" + p.ToString(CultureInfo.InvariantCulture), "v" + random.Next(10).ToString(CultureInfo.InvariantCulture));
                }
            }

            await w.CompleteAsync(ct);
        }

        await using (var w = await conn.BeginBinaryImportAsync("COPY latest_metrics (run_id, experiment_id, key, value, step, timestamp) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var id in ids)
            {
                for (var m = 0; m < 20; m++)
                {
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(id, NpgsqlDbType.Uuid, ct);
                    await w.WriteAsync(experimentId, NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync("m" + m.ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync(random.NextDouble(), NpgsqlDbType.Double, ct);
                    await w.WriteAsync(10L, NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync(start, NpgsqlDbType.TimestampTz, ct);
                }
            }

            await w.CompleteAsync(ct);
        }

        // What autovacuum does within minutes of a load this size (statistics, visibility map, hint bits), then a
        // checkpoint: otherwise the measurements below share the machine with autovacuum digesting 4M fresh rows.
        foreach (var table in new[] { "runs", "run_params", "latest_metrics" })
        {
            await using var vacuum = new NpgsqlCommand($"VACUUM ANALYZE {table}", conn) { CommandTimeout = 600 };
            await vacuum.ExecuteNonQueryAsync(ct);
        }

        await using var checkpoint = new NpgsqlCommand("CHECKPOINT", conn) { CommandTimeout = 600 };
        await checkpoint.ExecuteNonQueryAsync(ct);
    }

    private static async Task IngestAsync(PortalApp app, HttpClient client, string experimentId, int requestsPerClient, TextWriter output, CancellationToken ct)
    {
        var runIds = new List<string>();
        for (var c = 0; c < 16; c++)
        {
            runIds.Add(await CreateRunAsync(client, experimentId, ct));
        }

        var bodies = Enumerable.Range(0, 8).Select(c => Enumerable.Range(0, requestsPerClient).Select(r => LogBatchBody(runIds[c], r)).ToList()).ToList();
        await PostAllAsync(client, [[LogBatchBody(runIds[8], 0)]], ct); // warm-up: JIT, connection pool
        var watch = Stopwatch.StartNew();
        await PostAllAsync(client, bodies, ct);
        var rest = watch.Elapsed.TotalSeconds;

        // Reference: the same points bulk-loaded by binary COPY straight into a table of one row per point
        // (run_id, key, value, step, timestamp) with an index on (run_id, key, step), over 8 connections, one
        // transaction per 1000 points: the classic point-per-row layout, with no HTTP, JSON, validation or latest values.
        await using (var setup = new NpgsqlConnection(app.ConnectionString))
        {
            await setup.OpenAsync(ct);
            await using var create = new NpgsqlCommand(
                "CREATE TABLE bench_points (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, run_id uuid NOT NULL, key varchar(250) NOT NULL, value float8 NOT NULL, step bigint NOT NULL, timestamp timestamptz NOT NULL); CREATE INDEX ON bench_points (run_id, key, step, id);",
                setup);
            await create.ExecuteNonQueryAsync(ct);
        }

        watch.Restart();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async c =>
        {
            var runId = Guid.ParseExact(runIds[8 + c], "N");
            await using var conn = new NpgsqlConnection(app.ConnectionString);
            await conn.OpenAsync(ct);
            for (var r = 0; r < requestsPerClient; r++)
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                await using (var w = await conn.BeginBinaryImportAsync("COPY bench_points (run_id, key, value, step, timestamp) FROM STDIN (FORMAT BINARY)", ct))
                {
                    for (var i = 0; i < 1000; i++)
                    {
                        await w.StartRowAsync(ct);
                        await w.WriteAsync(runId, NpgsqlDbType.Uuid, ct);
                        await w.WriteAsync("m" + (i % 20).ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Varchar, ct);
                        await w.WriteAsync(i * 0.001, NpgsqlDbType.Double, ct);
                        await w.WriteAsync((long)((r * 50) + (i / 20)), NpgsqlDbType.Bigint, ct);
                        await w.WriteAsync(DateTime.UnixEpoch.AddMilliseconds(1_700_000_000_000L + i), NpgsqlDbType.TimestampTz, ct);
                    }

                    await w.CompleteAsync(ct);
                }

                await tx.CommitAsync(ct);
            }
        }));
        var raw = watch.Elapsed.TotalSeconds;
        var points = 8L * requestsPerClient * 1000;
        output.WriteLine($"ingest: {points} metric points via REST log-batch (8 clients x {requestsPerClient} requests x 1000) in {rest:F2} s = {points / rest:F0} points/s");
        output.WriteLine($"ingest reference: the same points by raw binary COPY into a point-per-row table (8 connections, 1000 per transaction) in {raw:F2} s = {points / raw:F0} points/s; REST/raw throughput ratio {raw / rest:F2}");
    }

    private static string LogBatchBody(string runId, int request) => JsonSerializer.Serialize(new
    {
        run_id = runId,
        metrics = Enumerable.Range(0, 1000).Select(i => new { key = "m" + (i % 20).ToString(CultureInfo.InvariantCulture), value = i * 0.001, timestamp = 1_700_000_000_000L + i, step = (request * 50) + (i / 20) }),
    });

    private static Task PostAllAsync(HttpClient client, List<List<string>> bodiesPerClient, CancellationToken ct) =>
        Task.WhenAll(bodiesPerClient.Select(async bodies =>
        {
            foreach (var body in bodies)
            {
                using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
                using var response = await client.PostAsync("api/2.0/mlflow/runs/log-batch", content, ct);
                response.EnsureSuccessStatusCode();
            }
        }));

    private static async Task ChartAsync(PortalApp app, HttpClient client, string experimentId, int points, TextWriter output, CancellationToken ct)
    {
        // Logged through REST log-batch like any client's history (8 clients, 1000 points a request), so the rollups
        // the chart reads are the ones ingest maintains.
        var runId = await CreateRunAsync(client, experimentId, ct);
        var requests = points / 1000;
        var seed = Stopwatch.StartNew();
        await PostAllAsync(client, Enumerable.Range(0, 8).Select(c => Enumerable.Range(0, requests).Where(r => r % 8 == c).Select(r => JsonSerializer.Serialize(new
        {
            run_id = runId,
            metrics = Enumerable.Range(r * 1000, 1000).Select(i => new { key = "loss", value = Math.Exp(-i / 200_000.0), timestamp = 1_700_000_000_000L + i, step = i }),
        })).ToList()).ToList(), ct);
        output.WriteLine($"chart seed: {points} points of one metric via REST log-batch in {seed.Elapsed.TotalSeconds:F1} s");
        await using (var conn = new NpgsqlConnection(app.ConnectionString))
        {
            await conn.OpenAsync(ct);
            foreach (var table in new[] { "metric_chunks" })
            {
                await using var analyze = new NpgsqlCommand($"VACUUM ANALYZE {table}", conn);
                await analyze.ExecuteNonQueryAsync(ct);
            }
        }

        var history = app.Services.GetRequiredService<MetricHistoryService>();
        var times = new List<double>();
        var count = 0;
        for (var i = 0; i < 20; i++)
        {
            var watch = Stopwatch.StartNew();
            var chart = await history.GetChartAsync(runId, "loss", byTime: i % 2 == 1, 1000, ct);
            times.Add(watch.Elapsed.TotalMilliseconds);
            count = chart.Value.Points.Count;
            if (chart.Value.TotalPoints != points)
            {
                throw new InvalidOperationException($"Chart counted {chart.Value.TotalPoints} points, expected {points}.");
            }
        }

        // Reference: the same 1000 equal-width step buckets aggregated by PostgreSQL over every point (unnested from the
        // chunks: the scan the rollups replace), hash aggregation with enough work_mem.
        var reference = new List<double>();
        await using (var conn = new NpgsqlConnection(app.ConnectionString))
        {
            await conn.OpenAsync(ct);
            await using (var set = new NpgsqlCommand("SET work_mem = '64MB'", conn))
            {
                await set.ExecuteNonQueryAsync(ct);
            }

            for (var i = 0; i < 5; i++)
            {
                var watch = Stopwatch.StartNew();
                await using var cmd = new NpgsqlCommand(
                    """
                    SELECT min(s), avg(v), min(v), max(v), count(*)
                    FROM metric_chunks c CROSS JOIN LATERAL unnest(c.steps, c.values) AS u(s, v)
                    WHERE c.run_id = @r AND c.key = 'loss' GROUP BY floor(s * 1000.0 / @n)::int ORDER BY 1
                    """, conn);
                cmd.Parameters.AddWithValue("r", Guid.ParseExact(runId, "N"));
                cmd.Parameters.AddWithValue("n", (double)points);
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                }

                reference.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        reference.Sort();
        output.WriteLine($"chart: {points} points downsampled to {count} buckets, 20 calls (by step and by time alternately): p50 {Percentile(times, 0.5):F1} ms, p95 {Percentile(times, 0.95):F1} ms, max {times[^1]:F1} ms");
        output.WriteLine($"chart reference: SQL GROUP BY over all {points} points, 5 calls: p50 {Percentile(reference, 0.5):F1} ms; reference/ours {Percentile(reference, 0.5) / Percentile(times, 0.5):F1}x");
    }

    internal static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
