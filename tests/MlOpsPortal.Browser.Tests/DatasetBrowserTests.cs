using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MlOpsPortal.TestSupport;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Browser.Tests;

public sealed partial class DatasetBrowserTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    private const string AdultColumns =
        "age,workclass,fnlwgt,education,education-num,marital-status,occupation,relationship,race,sex,capital-gain,capital-loss,hours-per-week,native-country,income";

    [Fact]
    public async Task Upload_AdultInTheBrowser_ShowsSchemaThenProfileAndPreview()
    {
        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
        await BrowserFixture.OpenMenuAsync(page, "Datasets");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Datasets");

        // Choosing a file proposes its name as the dataset name; wait for that before typing our own, or it may win.
        // (A change event sent before InputFile has wired its handler is lost: choose again until it is seen.)
        for (var attempt = 0; attempt < 5 && await page.Locator("#upload-name").InputValueAsync() != "adult"; attempt++)
        {
            await page.SetInputFilesAsync("#upload-file", TestPaths.AdultTrain);
            try
            {
                await Assertions.Expect(page.Locator("#upload-name")).ToHaveValueAsync("adult", new() { Timeout = 4000 });
            }
            catch (PlaywrightException)
            {
                // Not seen yet: try again.
            }
        }

        await page.FillAsync("#upload-name", "adult-ui");
        await page.SelectOptionAsync("#upload-header", "no");
        await page.FillAsync("#upload-columns", AdultColumns);
        await page.ClickAsync("#upload-submit");

        await Assertions.Expect(page).ToHaveURLAsync(VersionUrl(), new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#version-rows")).ToContainTextAsync("32,561 rows");
        await Assertions.Expect(page.Locator("#schema-table tr[data-column='age'] .inferred-type")).ToHaveTextAsync("numeric");
        await Assertions.Expect(page.Locator("#schema-table tr[data-column='income'] .inferred-type")).ToHaveTextAsync("categorical");
        await Assertions.Expect(page.Locator("#preview-table tbody tr")).ToHaveCountAsync(100);

        // The profile appears without a reload, pushed when the profile job finishes.
        await Assertions.Expect(page.Locator("#profile-table")).ToContainTextAsync("hours-per-week", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#profile-chart")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#chart-title")).ToContainTextAsync("age: histogram");

        await BrowserFixture.OpenMenuAsync(page, "Jobs");
        var row = page.Locator("#job-list tr.job-row", new() { HasText = "dataset-profile" });
        await Assertions.Expect(row.Locator(".job-status")).ToHaveTextAsync("Succeeded");
    }

    [Fact]
    public async Task Upload_RaggedFileInTheBrowser_ShowsTheRowThatFailed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ragged-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "a,b,c\n1,2,3\n4,5\n");
        try
        {
            var (context, page) = await portal.NewPageAsync();
            await using var _ = context;
            await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
            await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
            await BrowserFixture.OpenMenuAsync(page, "Datasets");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Datasets");
            await page.SetInputFilesAsync("#upload-file", path);
            await page.FillAsync("#upload-name", "ragged-ui");
            await page.ClickAsync("#upload-submit");
            await Assertions.Expect(page.Locator("#upload-error")).ToContainTextAsync("Row 2 (line 3) has 2 fields, expected 3");
            await Assertions.Expect(page.Locator("#upload-error")).ToContainTextAsync("row 2 · line 3 · column c");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [GeneratedRegex(@"/datasets/adult-ui/versions/1$")]
    private static partial Regex VersionUrl();
}
