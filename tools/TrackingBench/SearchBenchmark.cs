using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Domain.Tracking;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Tracking;
using Npgsql;

namespace MlOpsPortal.Bench;

/// <summary>
/// Part (b): server time of a 50-row runs page sorted by a metric with a two-clause filter, offsets 0–200, then the same
/// pages taken apart: the id queries the service sends (threshold of the sort metric, bounded page), the plain
/// filter-first page query alone (the plan before the bounded look), and <c>RunLoader</c> for the page's runs.
/// </summary>
internal static class SearchBenchmark
{
    private const string Filter = "metrics.m1 > 0.5 and params.p0 = 'v3'";
    private const string Order = "metrics.m0 DESC";
    private const int Calls = 25;

    public static async Task RunAsync(IServiceProvider services, string experimentId, TextWriter output, CancellationToken ct)
    {
        var search = services.GetRequiredService<RunSearchService>();
        var request = new RunSearchRequest([experimentId], Filter, [Order], MaxResults: 50);
        var times = new List<double>();
        for (var i = 0; i < Calls; i++)
        {
            var watch = Stopwatch.StartNew();
            var page = await search.SearchAsync(request with { PageToken = i % 5 == 0 ? null : PageTokens.Encode(50 * (i % 5)) }, ct);
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (!page.IsSuccess || page.Value.Runs.Count != 50)
            {
                throw new InvalidOperationException("Search returned an unexpected page.");
            }
        }

        output.WriteLine($"runs page (50 rows, filter '{Filter}', order {Order}, offsets 0-200, {Calls} calls, first includes warm-up): {Stats(times)}");
        await BreakdownAsync(services.GetRequiredService<IDbContextFactory<PortalDbContext>>(), long.Parse(experimentId, System.Globalization.CultureInfo.InvariantCulture), output, ct);
    }

    private static async Task BreakdownAsync(IDbContextFactory<PortalDbContext> dbFactory, long experimentId, TextWriter output, CancellationToken ct)
    {
        var sql = new RunSearchSql([experimentId], ViewType.ActiveOnly.Stages(), SearchFilterParser.Parse(Filter).Value, SearchFilterParser.ParseOrderBy([Order]).Value);
        var bounded = new List<double>();
        var plain = new List<double>();
        var loader = new List<double>();
        for (var i = 0; i < Calls; i++)
        {
            var offset = 50 * (i % 5);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await db.Database.OpenConnectionAsync(ct);
            var conn = (NpgsqlConnection)db.Database.GetDbConnection();
            var watch = Stopwatch.StartNew();
            await using var thresholdCommand = new NpgsqlCommand(sql.ThresholdSql(Math.Max(2000L, 40L * (offset + 51))), conn);
            thresholdCommand.Parameters.AddRange(sql.Parameters.Select(p => p.Clone()).ToArray());
            var threshold = (double)(await thresholdCommand.ExecuteScalarAsync(ct))!;
            var cappedIds = await RunSearchService.PageIdsAsync(conn, sql, sql.CappedPageSql(50, offset), ct, new NpgsqlParameter("threshold", threshold));
            bounded.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            var ids = await RunSearchService.PageIdsAsync(conn, sql, sql.PageSql(50, offset), ct);
            plain.Add(watch.Elapsed.TotalMilliseconds);
            if (!cappedIds.SequenceEqual(ids))
            {
                throw new InvalidOperationException("The bounded page differs from the plain query's.");
            }

            watch.Restart();
            await RunLoader.LoadAsync(db, ids.Take(50).ToList(), ct);
            loader.Add(watch.Elapsed.TotalMilliseconds);
        }

        output.WriteLine($"runs page, parts: id queries (threshold + bounded page) {Stats(bounded)}; RunLoader (5 queries) {Stats(loader)}");
        output.WriteLine($"runs page reference: the plain filter-first page query alone (the plan before the bounded look) {Stats(plain)}");
    }

    private static string Stats(List<double> times)
    {
        var sorted = times.Order().ToList();
        return $"p50 {TrackingBenchmark.Percentile(sorted, 0.5):F1} ms, p95 {TrackingBenchmark.Percentile(sorted, 0.95):F1} ms";
    }
}
