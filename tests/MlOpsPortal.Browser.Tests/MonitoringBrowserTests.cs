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
        }

        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await BrowserApi.GoAsync(page, "/monitoring");
        await Assertions.Expect(page.Locator("#no-reports")).ToBeVisibleAsync();

        // Men (reference) vs women (current) of adult.data.
        await page.FillAsync("#drift-model", "adult-mon");
        await page.FillAsync("#drift-version", "1");
        await page.FillAsync("#drift-ref-name", "adult-train");
        await page.FillAsync("#drift-ref-version", "1");
        await page.FillAsync("#drift-ref-column", "sex");
        await page.FillAsync("#drift-ref-value", "Male");
        await page.FillAsync("#drift-cur-name", "adult-train");
        await page.FillAsync("#drift-cur-version", "1");
        await page.FillAsync("#drift-cur-column", "sex");
        await page.FillAsync("#drift-cur-value", "Female");
        await page.ClickAsync("#drift-run");
        await Assertions.Expect(page.Locator("#drift-report-link")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await page.ClickAsync("#drift-report-link");
        await page.WaitForURLAsync("**/monitoring/reports/*");
        await Assertions.Expect(page.Locator("#report-verdict")).ToContainTextAsync("Dataset drift detected");
        await Assertions.Expect(page.Locator("#report-columns tr[data-column='hours-per-week'] .drift-flag")).ToHaveTextAsync("DRIFT");
        await Assertions.Expect(page.Locator("#report-columns tr[data-column='relationship'] .drift-flag")).ToHaveTextAsync("DRIFT");

        // adult.data vs adult.test: the same population.
        await BrowserApi.GoAsync(page, "/monitoring");
        await page.FillAsync("#drift-model", "adult-mon");
        await page.FillAsync("#drift-version", "1");
        await page.FillAsync("#drift-ref-name", "adult-train");
        await page.FillAsync("#drift-ref-version", "1");
        await page.FillAsync("#drift-cur-name", "adult-test");
        await page.FillAsync("#drift-cur-version", "1");
        await page.ClickAsync("#drift-run");
        await Assertions.Expect(page.Locator("#drift-report-link")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        var rows = page.Locator("#report-list tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Filter(new() { HasText = "adult-test@v1" }).Locator(".dataset-drift")).ToContainTextAsync("no");
        await Assertions.Expect(rows.Filter(new() { HasText = "sex = 'Female'" }).Locator(".dataset-drift")).ToContainTextAsync("yes");

        // Batch scoring from the page: live status, then the output CSV link.
        await page.FillAsync("#batch-model", "adult-mon");
        await page.FillAsync("#batch-version", "1");
        await page.FillAsync("#batch-dataset", "adult-test");
        await page.ClickAsync("#batch-run");
        var batch = page.Locator("#batch-list tbody tr").First;
        await Assertions.Expect(batch.Locator(".batch-status")).ToContainTextAsync("Succeeded", new() { Timeout = 120_000 });
        await Assertions.Expect(batch).ToContainTextAsync("16,281");
        await Assertions.Expect(batch.Locator("a.batch-download")).ToBeVisibleAsync();
    }
}
