using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Browser.Tests;

/// <summary>Runs logged by a script through the MLflow-compatible API appear in the UI, are found by a filter and compared.</summary>
public sealed class TrackingBrowserTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task RunsLoggedOverMlflowApi_FoundByFilter_ComparedWithDifferencesHighlighted()
    {
        using var api = portal.CreateClient(await portal.AdminTokenAsync());
        var experimentId = (await PostAsync(api, "experiments/create", new { name = "browser-adult" })).GetProperty("experiment_id").GetString()!;
        var shallow = await LogRunAsync(api, experimentId, "shallow", depth: "4", treeMethod: "hist", auc: [0.80, 0.86, 0.89]);
        var deep = await LogRunAsync(api, experimentId, "deep", depth: "6", treeMethod: "hist", auc: [0.84, 0.90, 0.93]);
        var linear = await LogRunAsync(api, experimentId, "linear", depth: null, treeMethod: "exact", auc: [0.70, 0.75, 0.78]);

        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
        // Wait for the list's circuit first: the click is then an in-circuit navigation, so the experiment page is rendered
        // once, interactively, and the filter box is not replaced while it is typed into.
        await BrowserApi.GoAsync(page, "/experiments");
        await page.Locator("#experiments-list").GetByText("browser-adult").ClickAsync();
        await page.WaitForURLAsync($"**/experiments/{experimentId}");
        await Assertions.Expect(page.Locator("#page-interactive")).ToHaveTextAsync("yes");
        await Assertions.Expect(page.Locator("#runs-table")).ToContainTextAsync("shallow");
        await Assertions.Expect(page.Locator("#runs-table")).ToContainTextAsync("deep");

        // MLflow search syntax in the filter box: only the deep run has a latest AUC above 0.92.
        await page.Locator("#runs-filter").FillAsync("metrics.auc > 0.92 and params.max_depth = '6'");
        await page.ClickAsync("#runs-apply");
        await Assertions.Expect(page.Locator("#runs-table")).Not.ToContainTextAsync("shallow");
        await Assertions.Expect(page.Locator("#runs-table")).ToContainTextAsync("deep");

        // An invalid filter is explained inline.
        await page.Locator("#runs-filter").FillAsync("metrics.auc > high");
        await page.ClickAsync("#runs-apply");
        await Assertions.Expect(page.Locator("#runs-filter-error")).ToContainTextAsync("metrics.auc");

        await BrowserApi.GoAsync(page, $"/experiments/{experimentId}/compare?runs={shallow},{deep},{linear}");
        var depthRow = page.Locator("#compare-params tr.differs", new() { HasText = "max_depth" });
        await Assertions.Expect(depthRow).ToContainTextAsync("4");
        await Assertions.Expect(depthRow).ToContainTextAsync("6");
        await Assertions.Expect(page.Locator("#compare-params tr:not(.differs)", new() { HasText = "objective" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#compare-metrics")).ToContainTextAsync("0.93");

        // Scatter of a parameter against the latest metric: it opens on the first parameter that differs (alpha is equal),
        // one marker per run that has both values, and says which run was left out.
        var markers = page.Locator("#compare-scatter .rz-scatter-series .rz-marker");
        await Assertions.Expect(page.Locator("#scatter-param")).ToHaveValueAsync("max_depth");
        await Assertions.Expect(page.Locator("#scatter-metric")).ToHaveValueAsync("auc");
        await Assertions.Expect(markers).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#scatter-left-out")).ToContainTextAsync("Left out of the scatter: 1 run has no value for max_depth.");

        // A categorical parameter re-draws it: every run is plotted and the axis labels are the values.
        await page.SelectOptionAsync("#scatter-param", "tree_method");
        await Assertions.Expect(markers).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#scatter-left-out")).ToHaveCountAsync(0);
        var axisLabels = page.Locator("#compare-scatter .rz-category-axis text");
        await Assertions.Expect(axisLabels.GetByText("exact", new() { Exact = true })).ToHaveCountAsync(1);
        await Assertions.Expect(axisLabels.GetByText("hist", new() { Exact = true })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#compare-scatter")).Not.ToContainTextAsync("max_depth");

        // Hovering a point names its run and both values (Radzen renders the tooltip at the end of the body).
        await markers.First.HoverAsync();
        await Assertions.Expect(page.Locator(".rz-chart-tooltip")).ToContainTextAsync("linear: tree_method = exact, auc = 0.78");
    }

    private static async Task<string> LogRunAsync(HttpClient api, string experimentId, string name, string? depth, string treeMethod, double[] auc)
    {
        var run = await PostAsync(api, "runs/create", new { experiment_id = experimentId, run_name = name, start_time = 1_700_000_000_000L });
        var runId = run.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
        await PostAsync(api, "runs/log-batch", new
        {
            run_id = runId,
            @params = new[] { ("alpha", "0"), ("max_depth", depth), ("objective", "binary:logistic"), ("tree_method", treeMethod) }
                .Where(p => p.Item2 is not null).Select(p => new { key = p.Item1, value = p.Item2 }).ToArray(),
            metrics = auc.Select((v, step) => new { key = "auc", value = v, timestamp = 1_700_000_000_000L + step, step }).ToArray(),
        });
        await PostAsync(api, "runs/update", new { run_id = runId, status = "FINISHED", end_time = 1_700_000_100_000L });
        return runId;
    }

    private static async Task<JsonElement> PostAsync(HttpClient api, string path, object body)
    {
        using var response = await api.PostAsJsonAsync("api/2.0/mlflow/" + path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
