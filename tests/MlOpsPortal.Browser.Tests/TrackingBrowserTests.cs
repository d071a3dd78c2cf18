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

        // The view is in the URL: opening the link again shows the same filtered runs.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("filter=metrics.auc"));
        var filteredUrl = page.Url;
        await BrowserApi.GoAsync(page, filteredUrl);
        await Assertions.Expect(page.Locator("#runs-table")).ToContainTextAsync("deep");
        await Assertions.Expect(page.Locator("#runs-table")).Not.ToContainTextAsync("shallow");

        // The pinned Run column is wide enough to read and its link opens the run.
        var runLink = page.Locator("#runs-table a.run-link", new() { HasText = "deep" });
        Assert.True((await runLink.BoundingBoxAsync())!.Width > 20);
        await runLink.ClickAsync();
        await page.WaitForURLAsync($"**/runs/{deep}");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("deep");
        await Assertions.Expect(page.Locator(".page-breadcrumbs")).ToContainTextAsync("browser-adult");
        await page.GetByText("Metrics (1)").ClickAsync();
        await Assertions.Expect(page.Locator("#run-charts .metric-chart[data-family='auc']")).ToHaveAttributeAsync("data-points", "3");
        await Assertions.Expect(page.Locator("#run-charts .metric-chart .main-svg").First).ToBeVisibleAsync();
        await page.GoBackAsync();

        // An invalid filter is explained inline.
        await Assertions.Expect(page.Locator("#page-interactive")).ToHaveTextAsync("yes");
        await page.Locator("#runs-filter").FillAsync("metrics.auc > high");
        await page.ClickAsync("#runs-apply");
        await Assertions.Expect(page.Locator("#runs-filter-error")).ToContainTextAsync("metrics.auc");

        await BrowserApi.GoAsync(page, $"/experiments/{experimentId}/compare?runs={shallow},{deep},{linear}");
        var depthRow = page.Locator("#compare-params tr.differs", new() { HasText = "max_depth" });
        await Assertions.Expect(depthRow).ToContainTextAsync("4");
        await Assertions.Expect(depthRow).ToContainTextAsync("6");
        await Assertions.Expect(page.Locator("#compare-params tr:not(.differs)", new() { HasText = "objective" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#compare-metrics")).ToContainTextAsync("0.93");

        // The overlay's x axis is the step; Plotly draws one line per run.
        await Assertions.Expect(page.Locator("#compare-chart")).ToHaveAttributeAsync("data-axis", "step");
        await Assertions.Expect(page.Locator("#compare-chart .scatterlayer .trace")).ToHaveCountAsync(3);

        // Scatter of a parameter against the latest metric: it opens on the first parameter that differs (alpha is equal),
        // one marker per run that has both values, and says which run was left out.
        var scatter = page.Locator("#compare-scatter");
        await Assertions.Expect(scatter).ToHaveAttributeAsync("data-points", "2");
        await Assertions.Expect(page.Locator("#scatter-left-out")).ToContainTextAsync("Left out of the scatter: 1 run has no value for max_depth.");
        await Assertions.Expect(scatter.Locator(".scatterlayer .point")).ToHaveCountAsync(2);
        // Parallel coordinates: the differing parameters, then the metric.
        await Assertions.Expect(page.Locator("#compare-parallel")).ToHaveAttributeAsync("data-axes", "max_depth,tree_method,auc");

        // A categorical parameter re-draws it: every run is plotted and the axis labels are the values.
        await page.Locator("#scatter-param").Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "tree_method" }).ClickAsync();
        await Assertions.Expect(scatter).ToHaveAttributeAsync("data-points", "3");
        await Assertions.Expect(scatter).ToHaveAttributeAsync("data-categories", "exact,hist");
        await Assertions.Expect(page.Locator("#scatter-left-out")).ToHaveCountAsync(0);
        await Assertions.Expect(scatter.Locator(".xtick text", new() { HasText = "exact" })).ToHaveCountAsync(1);
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
