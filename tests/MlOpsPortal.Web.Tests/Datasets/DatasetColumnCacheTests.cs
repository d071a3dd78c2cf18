using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Infrastructure.Datasets;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Training;
using MlOpsPortal.TestSupport;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Datasets;

/// <summary>The typed column cache (ADR 0006) written by the profile job and read by jobs instead of the CSV.</summary>
public sealed class DatasetColumnCacheTests(PortalApp app) : IClassFixture<PortalApp>
{
    private async Task<(Guid VersionId, DatasetSchema Schema)> VersionAsync(string name, int version)
    {
        var detail = await app.Services.GetRequiredService<IDatasetCatalog>().GetVersionAsync(name, version, CancellationToken.None);
        Assert.True(detail.IsSuccess, detail.Error?.Message);
        return (detail.Value.Id, new DatasetSchema(detail.Value.Format, detail.Value.Columns));
    }

    private async Task<List<DatasetColumnCacheRow>> CacheRowsAsync(Guid versionId)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.DatasetColumnCaches.AsNoTracking().Where(c => c.DatasetVersionId == versionId).ToListAsync();
    }

    private async Task<DatasetTable> LoadAsync(string name, int version)
    {
        var loaded = await app.Services.GetRequiredService<TrainingDatasets>().LoadAsync(new DatasetRef(name, version), "training", CancellationToken.None);
        Assert.True(loaded.IsSuccess, loaded.Error?.Message);
        return loaded.Value;
    }

    private static async Task<DatasetTable> ParseCsvAsync(string path, DatasetSchema schema)
    {
        await using var file = File.OpenRead(path);
        var parsed = await DatasetTableReader.ReadAsync(file, schema, null, CancellationToken.None);
        Assert.True(parsed.IsSuccess, parsed.Error?.Message);
        return parsed.Value;
    }

    private static void AssertSameTable(DatasetTable expected, DatasetTable actual)
    {
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.Columns.Select(c => (c.Name, c.Type)), actual.Columns.Select(c => (c.Name, c.Type)));
        foreach (var (e, a) in expected.Columns.Zip(actual.Columns))
        {
            Assert.Equal(e.Numbers, a.Numbers);
            Assert.Equal(e.Values, a.Values);
        }
    }

    [Fact]
    public async Task ProfileJob_WritesTheCache_AndJobsReadTheSameTableAsTheCsv_EvenWhenTheBlobIsDamaged()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using var created = await DatasetApi.UploadAdultAsync(client, "adult-cached");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var profileJob = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("profileJobId").GetGuid();

        // The profile job writes the cache as its last step, after the profile is shown.
        var job = await DatasetApi.WaitForJobAsync(client, profileJob, s => s is "Succeeded" or "Failed", TimeSpan.FromSeconds(90));
        Assert.Equal("Succeeded", job.GetProperty("status").GetString());
        Assert.Contains(job.GetProperty("log").EnumerateArray(), l => l.ToString().Contains("Typed column cache written", StringComparison.Ordinal));
        var (versionId, schema) = await VersionAsync("adult-cached", 1);
        var cache = Assert.Single(await CacheRowsAsync(versionId));
        Assert.Equal(DatasetColumnCache.SchemaKey(schema), cache.SchemaKey);
        var expected = await ParseCsvAsync(TestPaths.AdultTrain, schema);

        var cached = await LoadAsync("adult-cached", 1);
        AssertSameTable(expected, cached);
        // Read from the cache, not the CSV: equal text values are one shared string (the CSV parse allocates each).
        var sex = cached.Find("sex")!.Values!;
        Assert.Same(sex[0], Array.Find(sex[1..], v => v == sex[0]));

        // Damage the stored cache blob: the checksum check fails, the job falls back to the CSV and still gets the data.
        var blob = Directory.EnumerateFiles(app.DataDirectory, cache.ArtifactSha256, SearchOption.AllDirectories).Single();
        File.SetUnixFileMode(blob, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(blob, bytes);

        var fallback = await LoadAsync("adult-cached", 1);
        AssertSameTable(expected, fallback);
        var parsedSex = fallback.Find("sex")!.Values!;
        Assert.NotSame(parsedSex[0], Array.Find(parsedSex[1..], v => v == parsedSex[0]));
    }

    [Fact]
    public async Task SchemaCorrection_MissesTheOldEntry_AndTheNextReadUsesTheNewTypes()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using (await DatasetApi.UploadTextAsync(client, "cached-typed", "code,label\n1,a\n2,b\n03,a\n")) { }
        await DatasetApi.WaitForProfileAsync(client, "cached-typed", 1, TimeSpan.FromSeconds(60));
        var (versionId, numericSchema) = await VersionAsync("cached-typed", 1);
        var numbers = (await LoadAsync("cached-typed", 1)).Find("code")!.Numbers!;
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, numbers);

        using (var corrected = await client.PutAsJsonAsync("api/v1/datasets/cached-typed/versions/1/schema", new { columns = new[] { new { name = "code", type = "categorical" } } }))
        {
            Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        }

        var (_, categoricalSchema) = await VersionAsync("cached-typed", 1);
        var code = (await LoadAsync("cached-typed", 1)).Find("code")!;
        Assert.Null(code.Numbers);
        Assert.Equal(new string?[] { "1", "2", "03" }, code.Values!);
        var keys = (await CacheRowsAsync(versionId)).Select(c => c.SchemaKey).ToList();
        Assert.Equal(2, keys.Count);
        Assert.Contains(DatasetColumnCache.SchemaKey(numericSchema), keys);
        Assert.Contains(DatasetColumnCache.SchemaKey(categoricalSchema), keys);
    }
}
