using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Datasets;

/// <summary>Renaming a version's columns (the answer to "same file, other names"): everything that reads the version sees the new names.</summary>
public sealed class DatasetRenameTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static readonly Actor Admin = new(PortalApp.AdminEmail);

    [Fact]
    public async Task RenameColumnsAsync_NewNames_SchemaPreviewAndProfileUseThem()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using (var uploaded = await DatasetApi.UploadTextAsync(client, "rename-ds", "39,x\n50,y\n41,x\n", ("hasHeader", "false")))
        {
            Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());
        }

        var catalog = app.Services.GetRequiredService<IDatasetCatalog>();

        var renamed = await catalog.RenameColumnsAsync("rename-ds", 1, new Dictionary<string, string> { ["column_1"] = "age", ["column_2"] = " group " }, Admin, CancellationToken.None);

        Assert.True(renamed.IsSuccess, renamed.Error?.Message);
        Assert.Equal(["age", "group"], renamed.Value.Columns.Select(c => c.Name));
        Assert.Equal(ColumnType.Numeric, renamed.Value.Columns[0].Type);
        Assert.Equal(["age", "group"], renamed.Value.InferredColumns.Select(c => c.Name));
        var preview = await catalog.PreviewAsync("rename-ds", 1, CancellationToken.None);
        Assert.Equal(["age", "group"], preview.Value.Columns);
        var profiled = await DatasetApi.WaitForProfileAsync(client, "rename-ds", 1, TimeSpan.FromSeconds(60));
        Assert.Equal("ready", profiled.GetProperty("profileStatus").GetString());
        Assert.Contains("\"group\"", profiled.GetProperty("profile").ToString(), StringComparison.Ordinal);

        // The same bytes again under the old names: still version 1, now with the new names (the upload flow says so).
        using var again = await DatasetApi.UploadTextAsync(client, "rename-ds", "39,x\n50,y\n41,x\n", ("hasHeader", "false"));
        Assert.Equal(System.Net.HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task RenameColumnsAsync_DuplicateOrUnknownName_FailsNamingTheColumn()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using (var uploaded = await DatasetApi.UploadTextAsync(client, "rename-bad", "a,b\n1,2\n"))
        {
            Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());
        }

        var catalog = app.Services.GetRequiredService<IDatasetCatalog>();

        var duplicate = await catalog.RenameColumnsAsync("rename-bad", 1, new Dictionary<string, string> { ["a"] = "B" }, Admin, CancellationToken.None);
        var unknown = await catalog.RenameColumnsAsync("rename-bad", 1, new Dictionary<string, string> { ["zzz"] = "c" }, Admin, CancellationToken.None);
        var blank = await catalog.RenameColumnsAsync("rename-bad", 1, new Dictionary<string, string> { ["a"] = " " }, Admin, CancellationToken.None);

        Assert.Equal((ErrorCode.InvalidArgument, "Two columns would be named 'B'."), (duplicate.Error?.Code, duplicate.Error?.Message));
        Assert.Equal("There is no column 'zzz' in 'rename-bad' version 1.", unknown.Error?.Message);
        Assert.Equal("Column 'a' needs a name of 1 to 256 characters.", blank.Error?.Message);
        var unchanged = await catalog.GetVersionAsync("rename-bad", 1, CancellationToken.None);
        Assert.Equal(["a", "b"], unchanged.Value.Columns.Select(c => c.Name));
    }

    [Fact]
    public async Task Upload_SameBytesWithOtherColumnNames_Answers409NamingVersionAndRename_ThenRenameEndpointAppliesThem()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        const string Csv = "39,x\n50,y\n41,x\n";
        using (var first = await DatasetApi.UploadTextAsync(client, "rename-rest", Csv, ("hasHeader", "false"), ("columnNames", "age,group")))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, first.StatusCode);
        }

        // The same bytes under new names: not a silent 200 with the old names, but a 409 that says what to do.
        using (var again = await DatasetApi.UploadTextAsync(client, "rename-rest", Csv, ("hasHeader", "false"), ("columnNames", "years,cohort")))
        {
            Assert.Equal(System.Net.HttpStatusCode.Conflict, again.StatusCode);
            Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
            var problem = await again.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            var detail = problem.GetProperty("detail").GetString()!;
            Assert.Contains("already 'rename-rest' version 1, with columns age, group", detail, StringComparison.Ordinal);
            Assert.Contains("(years, cohort) were not applied", detail, StringComparison.Ordinal);
            Assert.Contains("/api/v1/datasets/rename-rest/versions/1/columns/rename", detail, StringComparison.Ordinal);
            Assert.True(problem.GetProperty("errors").TryGetProperty("columnNames", out _));
        }

        // The same names again are still the idempotent 200.
        using (var same = await DatasetApi.UploadTextAsync(client, "rename-rest", Csv, ("hasHeader", "false"), ("columnNames", "age,group")))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, same.StatusCode);
        }

        using var renamed = await client.PostAsJsonAsync("api/v1/datasets/rename-rest/versions/1/columns/rename", new { renames = new Dictionary<string, string> { ["age"] = "years", ["group"] = "cohort" } });
        Assert.Equal(System.Net.HttpStatusCode.OK, renamed.StatusCode);
        var version = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("api/v1/datasets/rename-rest/versions/1");
        Assert.Equal(["years", "cohort"], version.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));

        using var empty = await client.PostAsJsonAsync("api/v1/datasets/rename-rest/versions/1/columns/rename", new { renames = new Dictionary<string, string>() });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("$.renames", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var unknown = await client.PostAsJsonAsync("api/v1/datasets/rename-rest/versions/1/columns/rename", new { renames = new Dictionary<string, string> { ["zzz"] = "c" } });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("There is no column 'zzz'", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
