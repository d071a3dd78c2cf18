using System.Net.Http.Headers;
using Microsoft.Playwright;
using MlOpsPortal.TestSupport;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Browser.Tests;

public sealed class RecipeBrowserTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    private const string AdultColumns =
        "age,workclass,fnlwgt,education,education-num,marital-status,occupation,relationship,race,sex,capital-gain,capital-loss,hours-per-week,native-country,income";

    [Fact]
    public async Task RecipeForm_CreateWithCron_ShowsNextFireTime_EditSchedule_RunNow()
    {
        using (var client = portal.CreateClient(await portal.AdminTokenAsync()))
        {
            await UploadAsync(client, "adult-train", TestPaths.AdultTrain);
        }

        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
        await BrowserFixture.OpenMenuAsync(page, "Recipes");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Training recipes");
        await Assertions.Expect(page.Locator("#page-interactive")).ToHaveTextAsync("yes");

        await page.FillAsync("#recipe-name", "adult-nightly");
        await page.FillAsync("#recipe-experiment", "adult-recipes");
        await PickAsync(page, "#recipe-dataset", "adult-train", "adult-train v1");
        await PickAsync(page, "#recipe-label", "inc", "income");
        await PickAsync(page, "#recipe-positive", ">", ">50K");
        await page.FillAsync("#recipe-rounds", "10");

        // A five-field (Unix) cron is not a six-field (seconds first) expression: refused inline, no recipe created.
        await page.FillAsync("#recipe-new-cron", "0 2 * * *");
        await page.ClickAsync("#recipe-create");
        await Assertions.Expect(page.Locator(".validation-message[data-for='recipe-cron']")).ToContainTextAsync("is not a valid cron expression");
        await Assertions.Expect(page.Locator(".recipe")).ToHaveCountAsync(0);

        await page.FillAsync("#recipe-new-cron", "0 0 2 * * ?");
        await Assertions.Expect(page.Locator("#recipe-new-preview")).ToContainTextAsync("02:00:00 UTC");
        // The recurrence picker beside the raw cron reads the same schedule.
        await Assertions.Expect(page.Locator("#recipe-new-recurrence-describe")).ToHaveTextAsync("daily at 02:00 UTC");
        await page.ClickAsync("#recipe-create");
        var card = page.Locator(".recipe[data-recipe='adult-nightly']");
        await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(card.Locator(".recipe-schedule")).ToContainTextAsync("0 0 2 * * ?");
        await Assertions.Expect(card.Locator(".next-fire")).ToContainTextAsync("02:00:00 UTC");

        // Edit the schedule: a bad expression disables saving and says why; a good one previews and saves.
        await card.Locator(".recipe-cron input").FillAsync("every night");
        await Assertions.Expect(card.Locator(".recipe-cron-error")).ToContainTextAsync("is not a valid cron expression");
        await Assertions.Expect(card.Locator(".recipe-save")).ToBeDisabledAsync();
        await card.Locator(".recipe-cron input").FillAsync("0 30 3 ? * MON");
        await Assertions.Expect(card.Locator(".cron-preview")).ToContainTextAsync("03:30:00 UTC");
        await card.Locator(".recipe-save").ClickAsync();
        await Assertions.Expect(card.Locator(".recipe-schedule")).ToContainTextAsync("0 30 3 ? * MON");
        await Assertions.Expect(card.Locator(".next-fire")).ToContainTextAsync("03:30:00 UTC");
        var next = DateTimeOffset.Parse((await card.Locator(".next-fire").InnerTextAsync()).Replace(" UTC", string.Empty, StringComparison.Ordinal) + "Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DayOfWeek.Monday, next.UtcDateTime.DayOfWeek);

        // Run now: a manual firing is recorded at once.
        await card.Locator(".recipe-run").ClickAsync();
        await Assertions.Expect(card.Locator(".recipe-firings tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(card.Locator(".recipe-firings tbody tr")).ToContainTextAsync("manual");
        // The firing's retraining job pushes its progress: the row resolves the newest version and finishes without a reload.
        await Assertions.Expect(card.Locator(".recipe-firings tbody tr")).ToContainTextAsync("adult-train@v1", new() { Timeout = 60_000 });
        await Assertions.Expect(card.Locator(".recipe-firings .firing-status")).ToHaveTextAsync("Succeeded", new() { Timeout = 180_000 });
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
