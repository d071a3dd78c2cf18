using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Browser.Tests;

public sealed class FairnessBrowserTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ReportPage_ScoreReport_ShowsTableChartsNaAndComputesGroupThresholds()
    {
        using var client = portal.CreateClient(await portal.AdminTokenAsync());
        var csv = new StringBuilder("label,score,pred,sex\n");
        var random = new Random(7);
        for (var i = 0; i < 400; i++)
        {
            var female = i % 2 == 0;
            var positive = random.NextDouble() < 0.4;
            var score = Math.Clamp((positive ? 0.65 : 0.35) + (female ? -0.15 : 0.1) + ((random.NextDouble() - 0.5) * 0.4), 0, 1);
            csv.Append(positive ? 1 : 0).Append(',').Append(score.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)).Append(',').Append(score >= 0.5 ? 1 : 0).Append(',').Append(female ? "F" : "M").Append('\n');
        }

        csv.Append("0,0.1,0,X\n");
        using (var form = new MultipartFormDataContent { { new StringContent(csv.ToString()), "file", "fair.csv" } })
        using (var upload = await client.PostAsync("api/v1/datasets/fair-ui/versions", form))
        {
            Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
        }

        using var created = await client.PostAsJsonAsync("api/v1/fairness/reports", new
        {
            dataset = new { name = "fair-ui", version = 1 }, label = "label", score = "score", positiveLabel = "1",
            sensitiveFeatures = new[] { new { name = "sex" } }, privilegedGroups = new Dictionary<string, string> { ["sex"] = "M" },
        });
        var ids = await created.Content.ReadFromJsonAsync<JsonElement>();
        var reportId = ids.GetProperty("reportId").GetGuid();

        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
        for (var attempt = 0; attempt < 60; attempt++)
        {
            await BrowserApi.GoAsync(page, $"/fairness/reports/{reportId}");
            if (await page.Locator("#report-status").InnerTextAsync() == "succeeded") { break; }
            await Task.Delay(500);
        }

        // The summary comes first; the other tabs hold the tables and the Plotly charts.
        await Assertions.Expect(page.Locator("#policy-verdict")).ToContainTextAsync("not tied to a registered model");
        await Assertions.Expect(page.Locator("#worst-groups")).ToContainTextAsync("by sex");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Groups" }).ClickAsync();
        await Assertions.Expect(page.Locator("#groups-sex")).ToContainTextAsync("n/a");
        await Assertions.Expect(page.Locator("#chart-sex-selectionRate .js-plotly-plot")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Disparities" }).ClickAsync();
        await Assertions.Expect(page.Locator("#disparities")).ToContainTextAsync("aif360");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Data bias" }).ClickAsync();
        await Assertions.Expect(page.Locator("#data-bias")).ToContainTextAsync("clarify");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Thresholds" }).ClickAsync();
        await page.ClickAsync("#compute-thresholds");
        await Assertions.Expect(page.Locator("#threshold-tradeoff")).ToContainTextAsync("after: group thresholds", new() { Timeout = 30_000 });

        await BrowserApi.GoAsync(page, "/fairness");
        await Assertions.Expect(page.Locator("#fairness-reports")).ToContainTextAsync("fair-ui v1");
    }

    [Fact]
    public async Task CreationForm_PredictionColumn_ValidatesThenCreatesAndOpensTheReport()
    {
        using (var client = portal.CreateClient(await portal.AdminTokenAsync()))
        {
            var csv = new StringBuilder("label,pred,sex\n");
            for (var i = 0; i < 200; i++)
            {
                csv.Append(i % 3 == 0 ? 1 : 0).Append(',').Append(i % 4 == 0 ? 1 : 0).Append(',').Append(i % 2 == 0 ? "F" : "M").Append('\n');
            }

            using var form = new MultipartFormDataContent { { new StringContent(csv.ToString()), "file", "fair-form.csv" } };
            using var upload = await client.PostAsync("api/v1/datasets/fair-form/versions", form);
            Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
        }

        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await BrowserApi.GoAsync(page, "/fairness?new=1");

        // Nothing chosen: each field says what to choose, in words.
        await page.ClickAsync("#fairness-create");
        await Assertions.Expect(page.Locator("#fairness-form")).ToContainTextAsync("Choose the dataset version to check");
        await Assertions.Expect(page.Locator("#fairness-form")).ToContainTextAsync("Choose at least one sensitive feature, such as sex or race.");

        await PickAsync(page, "#fairness-dataset", "fair-form", "fair-form v1");
        await page.Locator(".mud-expand-panel-text").Filter(new() { HasText = "Advanced" }).ClickAsync();
        await page.ClickAsync("#fairness-use-prediction");
        await PickAsync(page, "#fairness-prediction", "pred", "pred");
        await PickAsync(page, "#fairness-label", "label", "label");
        await BrowserApi.CreateFairnessReportBySexAsync(page, "1", "fair-form v1");
    }

    private static Task PickAsync(IPage page, string input, string text, string value) => BrowserApi.PickAsync(page, input, text, value);
}
