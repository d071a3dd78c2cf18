using System.Net.Http.Headers;
using Microsoft.Playwright;
using MlOpsPortal.TestSupport;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Browser.Tests;

public sealed class HpoBrowserTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    private const string AdultColumns =
        "age,workclass,fnlwgt,education,education-num,marital-status,occupation,relationship,race,sex,capital-gain,capital-loss,hours-per-week,native-country,income";

    [Fact]
    public async Task SearchForm_ThreeTrials_ShowsLiveProgressThenBestTrialAndCompareLink()
    {
        using (var client = portal.CreateClient(await portal.AdminTokenAsync()))
        {
            await UploadAsync(client, "adult-train", TestPaths.AdultTrain);
        }

        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
        await BrowserFixture.OpenMenuAsync(page, "HPO search");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Hyperparameter search");

        await page.FillAsync("#train-experiment", "adult-hpo");
        await PickAsync(page, "#train-dataset", "adult-train", "adult-train v1");
        await PickAsync(page, "#train-label", "inc", "income");
        await PickAsync(page, "#train-positive", ">", ">50K");
        await page.FillAsync("#train-rounds", "10");
        await page.FillAsync("#hpo-trials", "3");
        await page.FillAsync("#hpo-parallelism", "1");
        // Row 0 (maxDepth, integer range) gets an impossible range first: the inline message names it and nothing is queued.
        await page.FillAsync("#hpo-param-0 .param-low input", "6");
        await page.FillAsync("#hpo-param-0 .param-high input", "2");
        await page.ClickAsync("#hpo-submit");
        await Assertions.Expect(page.Locator(".validation-message[data-for='hpo-param-0']")).ToHaveTextAsync("Low must not be above high.");
        await Assertions.Expect(page.Locator("#hpo-progress")).ToHaveCountAsync(0);

        await page.FillAsync("#hpo-param-0 .param-low input", "2");
        await page.FillAsync("#hpo-param-0 .param-high input", "5");
        await page.ClickAsync("#hpo-submit");
        await Assertions.Expect(page.Locator(".validation-message")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#hpo-progress")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#hpo-trials-table tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#hpo-status")).ToHaveTextAsync("Succeeded", new() { Timeout = 300_000 });

        // The best trial is the one with the highest validation AUC in the table, and links to its run and the compare page.
        await Assertions.Expect(page.Locator("#hpo-best")).ToBeVisibleAsync();
        var values = new List<double>();
        foreach (var cell in await page.Locator("#hpo-trials-table .trial-value").AllInnerTextsAsync())
        {
            values.Add(double.Parse(cell, System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(3, values.Count);
        var bestValue = double.Parse(await page.Locator("#hpo-best-value").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(values.Max(), bestValue, 4);
        Assert.True(bestValue > 0.85, $"best validation AUC {bestValue}");
        var bestTrial = await page.Locator("#hpo-best-trial").InnerTextAsync();
        await Assertions.Expect(page.Locator($"#hpo-trials-table tr[data-trial='{bestTrial}']")).ToHaveClassAsync("best");

        await page.ClickAsync("#hpo-compare");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Compare 3 runs");
        await Assertions.Expect(page.Locator("#compare-params")).ToContainTextAsync("max_depth");
    }

    private static async Task UploadAsync(HttpClient client, string name, string path)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("false"), "hasHeader");
        form.Add(new StringContent(AdultColumns), "columnNames");
        await using var file = File.OpenRead(path);
        var content = new StreamContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(content, "file", Path.GetFileName(path));
        using var response = await client.PostAsync($"api/v1/datasets/{name}/versions", form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Task PickAsync(IPage page, string input, string text, string value) => BrowserApi.PickValueAsync(page, input, text, value);
}
