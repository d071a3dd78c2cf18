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
}
