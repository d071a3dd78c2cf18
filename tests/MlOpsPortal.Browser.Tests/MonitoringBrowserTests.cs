using System.Net.Http.Json;
using Microsoft.Playwright;
using MlOpsPortal.TestSupport;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Browser.Tests;

/// <summary>
/// The acceptance on the Monitoring page: a drift check men vs women (drift on hours-per-week and relationship)
/// and adult.data vs adult.test (no dataset drift), both visible in the report list; a batch scoring job with its CSV.
/// </summary>
public sealed class MonitoringBrowserTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task MonitoringPage_DriftChecksAndBatchScoring_ShowOutcomes()
    {
        using (var client = portal.CreateClient(await portal.AdminTokenAsync()))
        {
            await BrowserApi.UploadAdultAsync(client, "adult-train", TestPaths.AdultTrain);
            await BrowserApi.UploadAdultAsync(client, "adult-test", TestPaths.AdultTest);
            await BrowserApi.TrainAndRegisterAdultAsync(client, "adult-mon", rounds: 10);
            // A monitor watches an alias; 'shadow' is not protected, so no promotion request is needed to set it.
            using var alias = await client.PutAsJsonAsync("api/v1/models/adult-mon/aliases/shadow", new { version = 1 });
            Assert.True(alias.IsSuccessStatusCode, await alias.Content.ReadAsStringAsync());
        }

        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await BrowserApi.GoAsync(page, "/monitoring");
        await Assertions.Expect(page.Locator("#no-reports")).ToBeVisibleAsync();

        // Men (reference) vs women (current) of adult.data, chosen with the pickers.
        await PickAsync(page, "#drift-model", "adult-mon", "adult-mon v1");
        await PickAsync(page, "#drift-ref", "adult-train", "adult-train v1");
        await PickAsync(page, "#drift-ref-column", "sex", "sex");
        await page.FillAsync("#drift-ref-value", "Male");
        await page.Keyboard.PressAsync("Tab");
        await PickAsync(page, "#drift-cur", "adult-train", "adult-train v1");
        await PickAsync(page, "#drift-cur-column", "sex", "sex");
        await page.FillAsync("#drift-cur-value", "Female");
        await page.Keyboard.PressAsync("Tab");
        await page.ClickAsync("#drift-run");
        await Assertions.Expect(page.Locator("#drift-report-link")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await page.ClickAsync("#drift-report-link");
        await page.WaitForURLAsync("**/monitoring/reports/*", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#report-verdict")).ToContainTextAsync("Dataset drift detected");
        await Assertions.Expect(page.Locator("#report-columns tr[data-column='hours-per-week'] .drift-flag")).ToHaveTextAsync("DRIFT");
        await Assertions.Expect(page.Locator("#report-columns tr[data-column='relationship'] .drift-flag")).ToHaveTextAsync("DRIFT");

        // adult.data vs adult.test: the same population.
        await BrowserApi.GoAsync(page, "/monitoring");
        await PickAsync(page, "#drift-model", "adult-mon", "adult-mon v1");
        await PickAsync(page, "#drift-ref", "adult-train", "adult-train v1");
        await PickAsync(page, "#drift-cur", "adult-test", "adult-test v1");
        await page.ClickAsync("#drift-run");
        await Assertions.Expect(page.Locator("#drift-report-link")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        var rows = page.Locator("#report-list tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Filter(new() { HasText = "adult-test@v1" }).Locator(".dataset-drift")).ToContainTextAsync("no");
        await Assertions.Expect(rows.Filter(new() { HasText = "sex = 'Female'" }).Locator(".dataset-drift")).ToContainTextAsync("yes");

        // Batch scoring from the page: live status, then the output CSV link.
        await PickAsync(page, "#batch-model", "adult-mon", "adult-mon v1");
        await PickAsync(page, "#batch-dataset", "adult-test", "adult-test v1");
        await page.ClickAsync("#batch-run");
        var batch = page.Locator("#batch-list tbody tr").First;
        await Assertions.Expect(batch.Locator(".batch-status")).ToContainTextAsync("Succeeded", new() { Timeout = 120_000 });
        await Assertions.Expect(batch).ToContainTextAsync("16,281");
        await Assertions.Expect(batch.Locator("a.batch-download")).ToBeVisibleAsync();

        // A new monitor with no traffic at all: Run now asks for a dataset version, then compares with it and says so.
        await page.ClickAsync("#monitor-new");
        await page.FillAsync("#monitor-name", "adult-quiet");
        await PickAsync(page, "#monitor-model", "adult-mon", "adult-mon v1");
        await PickAsync(page, "#monitor-alias", "shadow", "shadow");
        await PickAsync(page, "#monitor-reference", "adult-train", "adult-train v1");
        await page.ClickAsync("#monitor-create");
        await Assertions.Expect(page.Locator("#monitor-form-error")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#monitor-list tr[data-monitor='adult-quiet']")).ToBeVisibleAsync();
        await page.ClickAsync("#monitor-list tr[data-monitor='adult-quiet'] a");
        await page.WaitForURLAsync("**/monitoring/adult-quiet");
        await Assertions.Expect(page.Locator("#page-interactive")).ToHaveTextAsync("yes");
        await Assertions.Expect(page.Locator("#run-plan")).ToContainTextAsync("no window of traffic");
        await Assertions.Expect(page.Locator("#monitor-run")).ToBeDisabledAsync();
        await PickAsync(page, "#run-now-dataset", "adult-test", "adult-test v1");
        await Assertions.Expect(page.Locator("#run-plan")).ToContainTextAsync("chosen dataset version adult-test@v1");
        await page.ClickAsync("#monitor-run");
        await Assertions.Expect(page.Locator("#drift-feature-chart .js-plotly-plot")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#monitor-latest")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#drift-grid tr[data-feature='age']")).ToBeVisibleAsync();
    }

    private static Task PickAsync(IPage page, string input, string text, string value) => BrowserApi.PickAsync(page, input, text, value, waitClosed: false);
}
