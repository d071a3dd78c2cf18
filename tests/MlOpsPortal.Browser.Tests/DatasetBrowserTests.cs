using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MlOpsPortal.TestSupport;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Browser.Tests;

public sealed partial class DatasetBrowserTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    private static readonly string[] AdultColumns =
        ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income"];

    [Fact]
    public async Task Upload_AdultInThreeSteps_ShowsPreviewThenSummaryProfileAndPreviewTabs_AndSameFileAgainSaysItExists()
    {
        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
        await BrowserFixture.OpenMenuAsync(page, "Datasets");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Datasets");
        await page.ClickAsync("#open-upload");

        // Step 1: the file (its name proposes the dataset name), then the parse preview.
        await ChooseFileAsync(page, TestPaths.AdultTrain, "adult");
        await page.FillAsync("#upload-name", "adult-ui");
        await page.ClickAsync("#upload-preview");

        // Step 2: what was detected, and the first rows.
        await Assertions.Expect(page.Locator("#upload-detected")).ToContainTextAsync("header row: no", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#upload-detected")).ToContainTextAsync("15 columns");
        await Assertions.Expect(page.Locator("#upload-preview-table tbody tr")).ToHaveCountAsync(10);
        await page.ClickAsync("#upload-next");

        // Step 3: names for column_1..15, then upload.
        for (var i = 0; i < AdultColumns.Length; i++)
        {
            await page.Locator($"#upload-columns tr[data-column='column_{i + 1}'] .column-name input").FillAsync(AdultColumns[i]);
        }

        await Assertions.Expect(page.Locator("#upload-submit")).ToBeEnabledAsync();
        await page.ClickAsync("#upload-submit");

        // Either the version page opens or the flow says why not (fail with its words).
        await Assertions.Expect(page.Locator("#version-rows, #upload-error")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        Assert.Equal(0, await page.Locator("#upload-error").CountAsync() > 0 ? throw new Xunit.Sdk.XunitException(await page.Locator("#upload-error").InnerTextAsync()) : 0);
        await Assertions.Expect(page).ToHaveURLAsync(VersionUrl());
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("v1");
        await Assertions.Expect(page.Locator(".page-breadcrumbs")).ToContainTextAsync("adult-ui");
        await Assertions.Expect(page.Locator("#version-rows")).ToContainTextAsync("32,561 rows");

        // The profile appears without a reload, pushed when the profile job finishes: the summary shows the class balance.
        await Assertions.Expect(page.Locator("#label-balance .bar-row[data-value='<=50K']")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#version-missing")).ToContainTextAsync("%");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Profile" }).ClickAsync();
        await Assertions.Expect(page.Locator("#profile-table")).ToContainTextAsync("hours-per-week");
        await Assertions.Expect(page.Locator("#profile-chart")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#chart-title")).ToContainTextAsync("age: histogram");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Preview" }).ClickAsync();
        await Assertions.Expect(page.Locator("#preview-table tbody tr")).ToHaveCountAsync(100);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Schema" }).ClickAsync();
        await Assertions.Expect(page.Locator("#schema-table tr[data-column='age'] .inferred-type")).ToHaveTextAsync("numeric");
        await Assertions.Expect(page.Locator("#schema-table tr[data-column='income'] .inferred-type")).ToHaveTextAsync("categorical");

        // The same bytes again, without names: the portal says it is already v1 and that these names were not applied.
        await BrowserApi.GoAsync(page, "/datasets?upload=1");
        await ChooseFileAsync(page, TestPaths.AdultTrain, "adult");
        await page.FillAsync("#upload-name", "adult-ui");
        await page.ClickAsync("#upload-preview");
        await page.Locator("#upload-next").ClickAsync(new() { Timeout = 60_000 });
        await page.ClickAsync("#upload-submit");
        await Assertions.Expect(page.Locator("#upload-existing")).ToContainTextAsync("This file is already adult-ui v1", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#upload-existing")).ToContainTextAsync("Your column names were not applied");

        await BrowserFixture.OpenMenuAsync(page, "Jobs");
        var row = page.Locator("#job-list tr.job-row", new() { HasText = "dataset-profile" });
        await Assertions.Expect(row.Locator(".job-status")).ToHaveTextAsync("Succeeded");
        await row.ClickAsync();
        await Assertions.Expect(page.Locator("#job-detail")).ToContainTextAsync("dataset-profile");
        await Assertions.Expect(page).ToHaveURLAsync(JobUrl());
    }

    [Fact]
    public async Task Upload_RaggedFileInTheBrowser_PreviewShowsTheRowThatFailed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ragged-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "a,b,c\n1,2,3\n4,5\n");
        try
        {
            var (context, page) = await portal.NewPageAsync();
            await using var _ = context;
            await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
            await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
            await BrowserApi.GoAsync(page, "/datasets?upload=1");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Datasets");
            await ChooseFileAsync(page, path, Path.GetFileNameWithoutExtension(path));
            await page.FillAsync("#upload-name", "ragged-ui");
            await page.ClickAsync("#upload-preview");
            await Assertions.Expect(page.Locator("#upload-error")).ToContainTextAsync("Row 2 (line 3) has 2 fields, expected 3", new() { Timeout = 30_000 });
            await Assertions.Expect(page.Locator("#upload-error")).ToContainTextAsync("row 2 · line 3 · column c");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Chooses a file and waits until the portal has seen it (it proposes the file's name as the dataset name). A change
    /// event sent before InputFile has wired its handler is lost: choose again until it is seen.
    /// </summary>
    private static async Task ChooseFileAsync(IPage page, string path, string proposedName)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await page.SetInputFilesAsync("#upload-file", path);
            try
            {
                await Assertions.Expect(page.Locator("#upload-file-name")).ToBeVisibleAsync(new() { Timeout = 4000 });
                await Assertions.Expect(page.Locator("#upload-name")).ToHaveValueAsync(proposedName.Replace(' ', '-'), new() { Timeout = 4000 });
                return;
            }
            catch (PlaywrightException)
            {
                // Not seen yet: try again.
            }
        }
    }

    [GeneratedRegex(@"/datasets/adult-ui/versions/1$")]
    private static partial Regex VersionUrl();

    [GeneratedRegex(@"/jobs\?job=[0-9a-f-]{36}$")]
    private static partial Regex JobUrl();
}
