using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Domain.Identity;
using MlOpsPortal.TestSupport.Web;
using MlOpsPortal.Web.Components.Pickers;
using MlOpsPortal.Web.Tests.Datasets;
using MlOpsPortal.Web.Tests.Registry;
using MlOpsPortal.Web.Tests.Tracking;

namespace MlOpsPortal.Web.Tests.Pickers;

/// <summary>The pickers' queries against the real portal and PostgreSQL: what a user typing into them would be offered.</summary>
public sealed class PickerQueriesTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task SearchDatasetVersionsAsync_NameOrNameAndVersion_NewestFirstWithColumnsAndValues()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        foreach (var csv in (string[])["age,label\n30,red\n40,blue\n50,red\n", "age,label\n30,red\n40,blue\n50,red\n60,red\n"])
        {
            using var uploaded = await DatasetApi.UploadTextAsync(client, "pick_ds", csv);
            Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());
        }

        await DatasetApi.WaitForProfileAsync(client, "pick_ds", 2, TimeSpan.FromSeconds(60));
        var queries = app.Services.GetRequiredService<IPickerQueries>();

        var found = await queries.SearchDatasetVersionsAsync("PICK_d", CancellationToken.None);
        var exact = await queries.SearchDatasetVersionsAsync("pick_ds v1", CancellationToken.None);
        var wildcard = await queries.SearchDatasetVersionsAsync("pick%", CancellationToken.None);
        var columns = await queries.GetColumnsAsync(new DatasetVersionRef("pick_ds", 2), CancellationToken.None);
        var values = await queries.GetColumnValuesAsync(new DatasetVersionRef("pick_ds", 2), "label", CancellationToken.None);

        Assert.Equal(["pick_ds v2 · 4 rows", "pick_ds v1 · 3 rows"], found.Select(PickerText.DatasetVersion));
        Assert.Equal([new DatasetVersionRef("pick_ds", 1)], exact.Select(o => o.Ref));
        Assert.Empty(wildcard);
        Assert.Equal([("age", ColumnType.Numeric), ("label", ColumnType.Categorical)], columns.Select(c => (c.Name, c.Type)));
        Assert.Equal([("red", 3L), ("blue", 1L)], values.Select(v => (v.Value, v.Count)));
        Assert.Empty(await queries.GetColumnsAsync(new DatasetVersionRef("pick_ds", 9), CancellationToken.None));
    }

    [Fact]
    public async Task SearchRunsAsync_NameExperimentOrIdPrefix_FindsTheRunWithItsHeadlineMetric()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var experiment = await client.CreateExperimentAsync("picker-experiment");
        var runId = await client.CreateRunAsync(experiment, "picker-run-xgb");
        await client.LogBatchAsync(runId, metrics: [
            new { key = "train_loss", value = 0.3, timestamp = 1_700_000_000_000L, step = 0 },
            new { key = "validation_roc_auc", value = 0.9123, timestamp = 1_700_000_000_000L, step = 0 }]);
        var queries = app.Services.GetRequiredService<IPickerQueries>();

        var byName = await queries.SearchRunsAsync("picker-run", CancellationToken.None);
        var byExperiment = await queries.SearchRunsAsync("PICKER-experiment", CancellationToken.None);
        var byPrefix = await queries.SearchRunsAsync(runId[..10], CancellationToken.None);
        var byId = await queries.GetRunAsync(runId, CancellationToken.None);

        var run = Assert.Single(byName);
        Assert.Equal((runId, "picker-run-xgb", "picker-experiment"), (run.RunId, run.RunName, run.Experiment));
        Assert.Equal("validation_roc_auc 0.9123", PickerText.Metric(run));
        Assert.Equal(runId, Assert.Single(byExperiment).RunId);
        Assert.Contains(byPrefix, r => r.RunId == runId);
        Assert.Equal("picker-run-xgb", byId?.RunName);
    }

    [Fact]
    public async Task SearchModelVersionsAsync_Model_VersionsNewestFirstWithAliasesAndAliasOptions()
    {
        var kit = new RegistryTestKit(app);
        using var ds = await kit.UserAsync("picker-ds@test.local", Roles.DataScientist);
        await RegistryTestKit.CreateModelAsync(ds, "picker-model");
        await RegistryTestKit.UploadValidAsync(ds, "picker-model");
        await RegistryTestKit.UploadValidAsync(ds, "picker-model");
        using (var alias = await ds.PutAsJsonAsync("api/v1/models/picker-model/aliases/challenger", new { version = 1 }))
        {
            Assert.True(alias.IsSuccessStatusCode, await alias.Content.ReadAsStringAsync());
        }

        var queries = app.Services.GetRequiredService<IPickerQueries>();

        var versions = await queries.SearchModelVersionsAsync("picker-mod", CancellationToken.None);
        var aliases = await queries.GetAliasesAsync("picker-model", CancellationToken.None);

        Assert.Equal(["picker-model v2", "picker-model v1 · challenger"], versions.Select(PickerText.ModelVersion));
        Assert.Equal(["challenger → v1", "production (not set yet)", "staging (not set yet)"], aliases.Select(PickerText.Alias));
        Assert.Empty(await queries.GetAliasesAsync("no-such-model", CancellationToken.None));
    }
}
