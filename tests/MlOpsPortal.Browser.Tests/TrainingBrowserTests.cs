using System.Net.Http.Headers;
using Microsoft.Playwright;
using MlOpsPortal.TestSupport;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Browser.Tests;

public sealed class TrainingBrowserTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    private const string AdultColumns =
        "age,workclass,fnlwgt,education,education-num,marital-status,occupation,relationship,race,sex,capital-gain,capital-loss,hours-per-week,native-country,income";

    [Fact]
    public async Task TrainingForm_Adult_ShowsLiveValidationAucThenFinishedSummary()
    {
        using (var client = portal.CreateClient(await portal.AdminTokenAsync()))
        {
            await UploadAsync(client, "adult-train", TestPaths.AdultTrain);
            await UploadAsync(client, "adult-test", TestPaths.AdultTest);
        }

        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
        await BrowserFixture.OpenMenuAsync(page, "Train");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Train a model");

        await page.FillAsync("#train-experiment", "adult");
        await PickAsync(page, "#train-dataset", "adult-train", "adult-train v1");
        await PickAsync(page, "#test-dataset", "adult-test", "adult-test v1");
        await PickAsync(page, "#train-label", "inc", "income");
        await PickAsync(page, "#train-positive", ">", ">50K");
        // Advanced options are folded away until asked for.
        await page.GetByText("Advanced: validation").ClickAsync();
        await page.FillAsync("#train-seed", "7");
        await page.ClickAsync("#train-submit");

        // Progress and the validation AUC curve arrive pushed over the circuit while the job runs.
        await Assertions.Expect(page.Locator("#training-progress")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#training-curve")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#training-curve")).ToContainTextAsync("validation_auc by round");
        await Assertions.Expect(page.Locator("#training-status")).ToHaveTextAsync("Succeeded", new() { Timeout = 180_000 });
        var points = int.Parse(await page.Locator("#training-curve").GetAttributeAsync("data-points") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(points > 10, $"only {points} curve points");

        var auc = page.Locator("#training-summary tr[data-metric='test_roc_auc'] .metric-value");
        await Assertions.Expect(auc).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var value = double.Parse(await auc.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(value >= 0.92, $"test AUC {value}");
        await Assertions.Expect(page.Locator("#training-package")).ToBeVisibleAsync();

        // The run: its inputs link the dataset versions it read; Register puts its model into a new registered model.
        await page.Locator("#training-run-link").ClickAsync();
        await page.WaitForURLAsync("**/runs/*");
        await page.GetByText("Inputs (2)").ClickAsync();
        await Assertions.Expect(page.Locator("#run-inputs a.run-input-link").First).ToHaveAttributeAsync("href", "/datasets/adult-train/versions/1");
        await page.ClickAsync("#run-register");
        await page.GetByText("Create a new model").ClickAsync();
        await page.FillAsync("#register-new-name", "adult-browser");
        await page.ClickAsync("#register-submit");
        await Assertions.Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Model adult-browser v1 registered");

        // Clone opens the training form filled with this run's request.
        await page.ClickAsync("#run-clone");
        await page.WaitForURLAsync("**/training/new?cloneRun=*");
        await Assertions.Expect(page.Locator("#train-dataset")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^adult-train v1"));
        await Assertions.Expect(page.Locator("#train-positive")).ToHaveValueAsync(">50K");
        await Assertions.Expect(page.Locator("#train-clone-note")).ToContainTextAsync("Pre-filled");
    }

    [Fact]
    public async Task TrainingForm_UnknownLabel_CannotBeChosenAndNothingIsQueued()
    {
        using (var client = portal.CreateClient(await portal.AdminTokenAsync()))
        {
            await UploadAsync(client, "adult-train", TestPaths.AdultTrain);
        }

        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
        await BrowserFixture.OpenMenuAsync(page, "Train");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Train a model");
        await PickAsync(page, "#train-dataset", "adult-train", "adult-train v1");
        // Only the version's columns are offered: a misspelt label cannot be chosen, and none chosen is said next to the field.
        await page.FillAsync("#train-label", "salary");
        await Assertions.Expect(page.Locator(".mud-popover-open .picker-option")).ToHaveCountAsync(0);
        await page.ClickAsync("#train-submit");
        await Assertions.Expect(page.Locator(".mud-input-control", new() { Has = page.Locator("#train-label") })).ToContainTextAsync("Choose the column the model predicts.");
        await Assertions.Expect(page.Locator("#training-progress")).ToHaveCountAsync(0);
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
