using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Infrastructure.Tracking;
using MlOpsPortal.TestSupport.Web;
using Npgsql;
using NpgsqlTypes;

namespace MlOpsPortal.Web.Tests.Tracking;

/// <summary>
/// A runs page sorted by a metric with a filter must be exactly the one a full sort gives, across offsets, with many
/// ties on the metric and with runs that lack it (they come last).
/// </summary>
public sealed class RunSearchMetricOrderTests(PortalApp app) : IClassFixture<PortalApp>
{
    private const int Runs = 6000;

    [Fact]
    public async Task Search_OrderByMetricWithFilter_SameRunsAsAFullSortAtEveryOffset()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var experimentId = await client.CreateExperimentAsync("metric-order");
        var expected = await SeedAsync(long.Parse(experimentId, CultureInfo.InvariantCulture));
        var search = app.Services.GetRequiredService<RunSearchService>();

        foreach (var descending in new[] { true, false })
        {
            // The reference: filter p = 'a' and acc > 0.2, order by acc, then start_time DESC, then id DESC.
            var reference = expected.Where(r => r.Param == "a" && r.Acc > 0.2)
                .OrderBy(r => descending ? -r.Acc!.Value : r.Acc!.Value)
                .ThenByDescending(r => r.Start).ThenByDescending(r => r.Id.ToString("N"), StringComparer.Ordinal)
                .Select(r => r.Id.ToString("N")).ToList();
            Assert.True(reference.Count > 2500, "the filter should keep most runs");
            foreach (var offset in new[] { 0, 50, 1950, reference.Count - 20 })
            {
                var page = await search.SearchAsync(
                    new RunSearchRequest([experimentId], "params.p = 'a' and metrics.acc > 0.2", [descending ? "metrics.acc DESC" : "metrics.acc ASC"], MaxResults: 50, Offset: offset),
                    CancellationToken.None);
                Assert.True(page.IsSuccess, page.Error?.Message);
                Assert.Equal(reference.Skip(offset).Take(50).ToList(), page.Value.Runs.Select(r => r.Info.RunId).ToList());
            }

            // Runs lacking the metric come after every run that has it: the page across that edge holds 10 of each kind.
            var withAcc = expected.Count(r => r.Param == "a" && r.Acc is not null);
            var edge = await search.SearchAsync(
                new RunSearchRequest([experimentId], "params.p = 'a'", [descending ? "metrics.acc DESC" : "metrics.acc ASC"], MaxResults: 20, Offset: withAcc - 10),
                CancellationToken.None);
            Assert.Equal([.. Enumerable.Repeat(true, 10), .. Enumerable.Repeat(false, 10)], edge.Value.Runs.Select(r => r.Metrics.Any(m => m.Key == "acc")).ToList());
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Search_OrderByMetricOverTwoExperimentsWithASparseFilter_SameRunsAsAFullSort(bool descending)
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var first = await client.CreateExperimentAsync("metric-order-a-" + descending);
        var second = await client.CreateExperimentAsync("metric-order-b-" + descending);
        var expected = (await SeedAsync(long.Parse(first, CultureInfo.InvariantCulture)))
            .Concat(await SeedAsync(long.Parse(second, CultureInfo.InvariantCulture))).ToList();
        var search = app.Services.GetRequiredService<RunSearchService>();

        // Few runs pass (about 1 in 45): sorted descending they all sit among the best values (the bounded look
        // fills the page); ascending, none of them does (the bounded look comes back short and the full query answers).
        var reference = expected.Where(r => r.Param == "b" && r.Acc > 0.9)
            .OrderBy(r => descending ? -r.Acc!.Value : r.Acc!.Value)
            .ThenByDescending(r => r.Start).ThenByDescending(r => r.Id.ToString("N"), StringComparer.Ordinal)
            .Select(r => r.Id.ToString("N")).ToList();
        Assert.InRange(reference.Count, 150, 400);
        foreach (var offset in new[] { 0, 50, reference.Count - 20 })
        {
            var page = await search.SearchAsync(
                new RunSearchRequest([first, second], "params.p = 'b' and metrics.acc > 0.9", [descending ? "metrics.acc DESC" : "metrics.acc ASC"], MaxResults: 50, Offset: offset),
                CancellationToken.None);
            Assert.True(page.IsSuccess, page.Error?.Message);
            Assert.Equal(reference.Skip(offset).Take(50).ToList(), page.Value.Runs.Select(r => r.Info.RunId).ToList());
            Assert.Equal(offset + 50 < reference.Count, page.Value.NextPageToken is not null);
        }
    }

    /// <summary>Runs with coarse metric values (many ties), a param that 3 in 4 runs share, and one run in 20 without the metric.</summary>
    private async Task<List<(Guid Id, DateTime Start, string Param, double? Acc)>> SeedAsync(long experimentId)
    {
        var random = new Random(7);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var runs = Enumerable.Range(0, Runs).Select(i => (
            Id: Guid.NewGuid(), Start: start.AddSeconds(i % 1000), Param: i % 4 == 0 ? "b" : "a",
            Acc: i % 20 == 1 ? (double?)null : Math.Round(random.NextDouble(), 2))).ToList();
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using (var w = await conn.BeginBinaryImportAsync(
            "COPY runs (id, experiment_id, name, status, start_time, user_id, source, artifact_location, lifecycle_stage) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var r in runs)
            {
                await w.WriteRowAsync(CancellationToken.None, r.Id, experimentId, "r", (short)2, r.Start, "t", "external", "t", "active");
            }

            await w.CompleteAsync();
        }

        await using (var w = await conn.BeginBinaryImportAsync("COPY run_params (run_id, key, value) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var r in runs)
            {
                await w.WriteRowAsync(CancellationToken.None, r.Id, "p", r.Param);
            }

            await w.CompleteAsync();
        }

        await using (var w = await conn.BeginBinaryImportAsync("COPY latest_metrics (run_id, experiment_id, key, value, step, timestamp) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var r in runs.Where(r => r.Acc is not null))
            {
                await w.StartRowAsync();
                await w.WriteAsync(r.Id, NpgsqlDbType.Uuid);
                await w.WriteAsync(experimentId, NpgsqlDbType.Bigint);
                await w.WriteAsync("acc", NpgsqlDbType.Varchar);
                await w.WriteAsync(r.Acc!.Value, NpgsqlDbType.Double);
                await w.WriteAsync(0L, NpgsqlDbType.Bigint);
                await w.WriteAsync(start, NpgsqlDbType.TimestampTz);
            }

            await w.CompleteAsync();
        }

        // As autovacuum would after a load this size: the planner needs the tables' statistics.
        await using var analyze = new NpgsqlCommand("ANALYZE runs; ANALYZE run_params; ANALYZE latest_metrics;", conn);
        await analyze.ExecuteNonQueryAsync();
        return runs;
    }
}
