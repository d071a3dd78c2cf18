using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace MlOpsPortal.Browser.Tests;

/// <summary>Set-up through the REST API and navigation helpers shared by the browser tests.</summary>
internal static class BrowserApi
{
    public const string AdultColumns =
        "age,workclass,fnlwgt,education,education-num,marital-status,occupation,relationship,race,sex,capital-gain,capital-loss,hours-per-week,native-country,income";

    /// <summary>Opens a page and waits until its Blazor circuit is interactive.</summary>
    public static async Task GoAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        // The layout says so after its first interactive render (every page has it; not every page has a marker of its own).
        await Assertions.Expect(page.Locator(".portal-layout[data-interactive='true']")).ToHaveCountAsync(1);
    }

    /// <summary>
    /// Types <paramref name="text"/> into a picker and clicks the option showing <paramref name="option"/>; unless told
    /// otherwise, waits until the list has closed (an open list would take the next click).
    /// </summary>
    public static async Task PickAsync(IPage page, string input, string text, string option, bool waitClosed = true)
    {
        await page.ClickAsync(input);
        await page.FillAsync(input, text);
        await page.Locator(".mud-popover-open .picker-option").Filter(new() { HasText = option }).First.ClickAsync();
        await Assertions.Expect(page.Locator(input)).Not.ToHaveValueAsync(string.Empty);
        if (waitClosed)
        {
            // A search still debouncing when the option was clicked may open the list again: close it with Escape.
            var open = page.Locator(".mud-popover-open .picker-option");
            try
            {
                await Assertions.Expect(open).ToHaveCountAsync(0, new() { Timeout = 3000 });
            }
            catch (PlaywrightException)
            {
                await page.Locator(input).PressAsync("Escape");
                if (await open.CountAsync() > 0)
                {
                    // Still open: a click on the page's title (which does nothing) is a click outside the list.
                    await page.Locator("h1").First.ClickAsync();
                }

                await Assertions.Expect(open).ToHaveCountAsync(0);
                await Assertions.Expect(page.Locator(input)).Not.ToHaveValueAsync(string.Empty);
            }
        }
    }

    /// <summary>Types into a picker and clicks the open list's option whose <c>data-value</c> is <paramref name="value"/>.</summary>
    public static async Task PickValueAsync(IPage page, string input, string text, string value)
    {
        await page.FillAsync(input, text);
        await page.Locator($".mud-popover-open .picker-option[data-value='{value}']").First.ClickAsync();
    }

    /// <summary>
    /// Finishes the fairness creation form (positive class, the sensitive feature <c>sex</c>), creates the report, waits
    /// for it and opens it from the list by <paramref name="dataset"/> ("name vN"); the report shows its worst group.
    /// </summary>
    public static async Task CreateFairnessReportBySexAsync(IPage page, string positive, string dataset)
    {
        await page.FillAsync("#fairness-positive", positive);
        await page.Keyboard.PressAsync("Tab");
        // The feature picker adds a chip per chosen feature and empties itself for the next one.
        await page.ClickAsync("#fairness-feature");
        await page.FillAsync("#fairness-feature", "sex");
        await page.Locator(".mud-popover-open .picker-option").Filter(new() { HasText = "sex" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("#fairness-features [data-feature=sex]")).ToBeVisibleAsync();
        await page.ClickAsync("#fairness-create");
        await Assertions.Expect(page.Locator(".mud-snackbar").Filter(new() { HasText = $"{dataset} ready" })).ToBeVisibleAsync(new() { Timeout = 180_000 });
        await GoAsync(page, "/fairness");
        await page.Locator("#fairness-reports tr").Filter(new() { HasText = dataset }).Locator("a").First.ClickAsync();
        await page.WaitForURLAsync("**/fairness/reports/*");
        await Assertions.Expect(page.Locator("#report-status")).ToHaveTextAsync("succeeded");
        await Assertions.Expect(page.Locator("#worst-groups")).ToContainTextAsync("by sex");
    }

    /// <summary>Types into a plain MudAutocomplete and clicks the list item whose text is <paramref name="option"/>.</summary>
    public static async Task PickAutocompleteAsync(IPage page, string input, string text, string option)
    {
        await page.ClickAsync(input);
        await page.FillAsync(input, text);
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^\\s*{System.Text.RegularExpressions.Regex.Escape(option)}\\s*$") }).First.ClickAsync();
        await Assertions.Expect(page.Locator(input)).ToHaveValueAsync(option);
    }

    public static async Task WaitForJobAsync(HttpClient client, Guid jobId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (true)
        {
            var job = await client.GetFromJsonAsync<JsonElement>($"api/v1/jobs/{jobId}");
            var status = job.GetProperty("status").GetString();
            if (status is "Succeeded")
            {
                return;
            }

            Assert.True(status is not ("Failed" or "Cancelled") && DateTime.UtcNow < deadline, job.GetRawText());
            await Task.Delay(250);
        }
    }

    /// <summary>Uploads a UCI Adult file (no header) as a dataset version.</summary>
    public static async Task UploadAdultAsync(HttpClient client, string name, string path)
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

    /// <summary>Trains a small Adult model (adult.data → adult.test) and registers its run as version 1 of <paramref name="model"/>.</summary>
    public static async Task<string> TrainAndRegisterAdultAsync(HttpClient client, string model, int rounds = 20)
    {
        using var train = await client.PostAsJsonAsync("api/v1/training-jobs", new
        {
            experiment = "adult",
            trainDataset = new { name = "adult-train", version = 1 },
            testDataset = new { name = "adult-test", version = 1 },
            label = "income",
            positiveClass = ">50K",
            hyperparameters = new { rounds },
        });
        var ids = JsonDocument.Parse(await train.Content.ReadAsStringAsync()).RootElement;
        Assert.True(train.IsSuccessStatusCode, ids.ToString());
        var runId = ids.GetProperty("runId").GetString()!;
        await WaitForJobAsync(client, ids.GetProperty("jobId").GetGuid());
        using var created = await client.PostAsJsonAsync("api/v1/models", new { name = model, description = "browser" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        using var registered = await client.PostAsJsonAsync($"api/v1/models/{model}/versions/from-run", new { runId });
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        return runId;
    }
}
