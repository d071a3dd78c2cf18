using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Browser.Tests;

/// <summary>
/// The data scientist's journey in the browser, one click after another as a newcomer would go: load the sample project
/// from the home page, clone its run into a second training, compare the two runs, register the new run as the next
/// version, evaluate it, check its fairness and put a monitor on it. Each stop saves the screenshot docs/ui.md shows.
/// </summary>
public sealed partial class DataScientistJourneyTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    private const string Scientist = "ds-journey@test.local";

    [Fact]
    public async Task Journey_SampleTrainCompareRegisterEvaluateFairnessMonitor()
    {
        var password = await portal.CreateUserAsync(Scientist, "DataScientist");
        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await page.SetViewportSizeAsync(1280, 860);
        await BrowserFixture.SignInAsync(page, Scientist, password);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
        var problems = BrowserFixture.CollectProblems(page);

        // 1. An empty portal: the checklist and "Load the sample project"; its progress shows live, then links to what it made.
        await Assertions.Expect(page.Locator("#getting-started")).ToContainTextAsync("0 of 7 steps done");
        await page.ClickAsync("#load-sample");
        await Assertions.Expect(page.Locator("#sample-done")).ToContainTextAsync("adult-income-sample v1", new() { Timeout = 240_000 });
        // The dashboard around it shows what was made, without a reload.
        await Assertions.Expect(page.Locator("#getting-started")).ToContainTextAsync("4 of 7 steps done");
        await Assertions.Expect(page.Locator("#dash-runs")).ToContainTextAsync("sample-project");
        await Assertions.Expect(page.Locator("#dash-datasets")).ToContainTextAsync("adult-sample-train");
        await BrowserFixture.ScreenshotAsync(page, "journey-ds-1-sample");

        // 2. Its run, cloned into a second training with another seed: the form is filled in, the curve draws live.
        await page.Locator("#sample-done a", new() { HasText = "its training run" }).ClickAsync();
        await page.WaitForURLAsync("**/runs/*");
        var firstRun = new Uri(page.Url).Segments[^1];
        await Assertions.Expect(page.Locator(".page-breadcrumbs")).ToContainTextAsync("sample-project");
        await page.ClickAsync("#run-clone");
        await Assertions.Expect(page.Locator("#train-clone-note")).ToContainTextAsync("Pre-filled");
        await Assertions.Expect(page.Locator("#train-dataset")).ToHaveValueAsync(new Regex("^adult-sample-train v1"));
        await page.GetByText("Advanced: validation").ClickAsync();
        await page.FillAsync("#train-seed", "11");
        await page.ClickAsync("#train-submit");
        await Assertions.Expect(page.Locator("#training-curve")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#training-status")).ToHaveTextAsync("Succeeded", new() { Timeout = 240_000 });
        await page.Locator("#training-curve").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(page, "journey-ds-2-training");
        await page.Locator("#training-run-link").ClickAsync();
        await page.WaitForURLAsync("**/runs/*");
        var secondRun = new Uri(page.Url).Segments[^1];
        Assert.NotEqual(firstRun, secondRun);

        // 3. The two runs side by side, chosen in the experiment's runs table.
        await page.Locator(".page-breadcrumbs a", new() { HasText = "sample-project" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/experiments/[^/?]+$|/experiments/[^/?]+\\?"));
        await Assertions.Expect(page.Locator("#runs-count")).ToHaveTextAsync("2 runs");
        var boxes = page.Locator("#runs-table .run-select input");
        await boxes.Nth(0).CheckAsync();
        await boxes.Nth(1).CheckAsync();
        await page.ClickAsync("#runs-compare");
        await page.WaitForURLAsync("**/compare?*");
        await Assertions.Expect(page.Locator("#compare-metrics")).ToContainTextAsync("test_roc_auc");
        await Assertions.Expect(page.Locator("#compare-chart .js-plotly-plot")).ToBeVisibleAsync();
        await page.Locator("#compare-chart").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(page, "journey-ds-3-compare");

        // 4. Register the new run as version 2 of the sample's model, from the run page.
        await BrowserApi.GoAsync(page, $"/runs/{secondRun}");
        await page.ClickAsync("#run-register");
        await BrowserApi.PickAutocompleteAsync(page, "#register-existing-name", "adult-income", "adult-income-sample");
        await page.ClickAsync("#register-submit");
        await Assertions.Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Model adult-income-sample v2 registered");

        // 5. Evaluate version 2 on the sample's test data; the evaluation page draws ROC, PR and calibration.
        await BrowserApi.GoAsync(page, "/models/adult-income-sample/versions/2?tab=evaluation");
        await BrowserApi.PickAsync(page, "#eval-dataset", "adult-sample-test", "adult-sample-test v1");
        await page.ClickAsync("#eval-submit");
        await Assertions.Expect(page.Locator("#eval-queued")).ToBeVisibleAsync();
        var evaluationJob = Guid.Parse(JobId().Match(await page.Locator("#eval-queued").InnerTextAsync()).Value);
        using (var api = portal.CreateClient(await portal.AdminTokenAsync()))
        {
            await BrowserApi.WaitForJobAsync(api, evaluationJob);
        }

        await BrowserApi.GoAsync(page, "/evaluations");
        await page.Locator("#evaluation-list tbody tr").Filter(new() { HasText = "adult-income-sample v2" }).Locator("a").First.ClickAsync();
        await page.WaitForURLAsync("**/evaluations/*");
        await Assertions.Expect(page.Locator("#evaluation-roc .js-plotly-plot")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "journey-ds-4-evaluation");

        // 6. Fairness of version 2 by sex, from the creation form; the report opens on its summary.
        await BrowserApi.GoAsync(page, "/fairness?new=1");
        await BrowserApi.PickAsync(page, "#fairness-dataset", "adult-sample-test", "adult-sample-test v1");
        await BrowserApi.PickAsync(page, "#fairness-model", "adult-income-sample", "adult-income-sample v2");
        await BrowserApi.PickAsync(page, "#fairness-label", "income", "income");
        await BrowserApi.CreateFairnessReportBySexAsync(page, ">50K", "adult-sample-test v1");
        await BrowserFixture.ScreenshotAsync(page, "journey-ds-5-fairness");

        // 7. A non-protected alias for version 2, a monitor on it, and a first check against the test data.
        await BrowserApi.GoAsync(page, "/models/adult-income-sample?tab=aliases");
        await BrowserApi.PickAsync(page, "#alias-name", "shadow", "shadow", waitClosed: false);
        await page.Keyboard.PressAsync("Escape");
        await page.ClickAsync("#set-alias");
        await Assertions.Expect(page.Locator("#aliases [data-alias=shadow]")).ToBeVisibleAsync();
        await BrowserApi.GoAsync(page, "/monitoring");
        await page.ClickAsync("#monitor-new");
        await page.FillAsync("#monitor-name", "adult-sample-shadow");
        await BrowserApi.PickAsync(page, "#monitor-model", "adult-income-sample", "adult-income-sample v2");
        await BrowserApi.PickAsync(page, "#monitor-alias", "shadow", "shadow", waitClosed: false);
        await BrowserApi.PickAsync(page, "#monitor-reference", "adult-sample-train", "adult-sample-train v1");
        await page.ClickAsync("#monitor-create");
        await page.ClickAsync("#monitor-list tr[data-monitor='adult-sample-shadow'] a");
        await page.WaitForURLAsync("**/monitoring/adult-sample-shadow");
        await BrowserApi.PickAsync(page, "#run-now-dataset", "adult-sample-test", "adult-sample-test v1");
        await page.ClickAsync("#monitor-run");
        await Assertions.Expect(page.Locator("#drift-feature-chart .js-plotly-plot")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await BrowserFixture.ScreenshotAsync(page, "journey-ds-6-monitor");

        // Back home, every step of the checklist is done (the alias counts as a promotion), so it has made way for the
        // dashboard, whose production card now lists the monitored alias.
        await BrowserApi.GoAsync(page, "/");
        await Assertions.Expect(page.Locator("#dash-production")).ToContainTextAsync("adult-income-sample");
        await Assertions.Expect(page.Locator("#getting-started")).ToHaveCountAsync(0);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f-]{27}")]
    private static partial Regex JobId();
}
