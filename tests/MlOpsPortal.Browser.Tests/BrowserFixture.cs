using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Browser.Tests;

/// <summary>
/// The real portal plus Debian's headless Chromium driven by Playwright. Chromium missing is a failure, never a skip:
/// the test command installs it (see the README).
/// </summary>
public sealed class BrowserFixture : PortalApp
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The sample project trains 30 rounds here: the journey tests want a populated portal, not the best model.</summary>
    protected override IEnumerable<string> ExtraArgs => ["--Samples:TrainingRounds=30"];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium package (the README's test command does).");
        }

        // Generous waits: on a loaded 2-core CI machine a circuit can take several seconds to connect.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>A fresh browser context (own cookies) with a page; dispose the context when done.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString() });
        context.SetDefaultTimeout(20_000);
        return (context, await context.NewPageAsync());
    }

    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
    }

    /// <summary>Opens a page from the side menu by its entry's label (a badge beside the label does not count).</summary>
    public static Task OpenMenuAsync(IPage page, string item) =>
        page.Locator(".nav-menu a").Filter(new() { HasTextRegex = new Regex($@"^\s*{Regex.Escape(item)}(\s|\d|$)") }).First.ClickAsync();

    /// <summary>Signs out through the account menu in the header.</summary>
    public static async Task SignOutAsync(IPage page)
    {
        await page.Locator(".user-menu-button").ClickAsync();
        await page.Locator("#sign-out").ClickAsync();
    }

    /// <summary>
    /// From now on, records every console error, failed request and HTTP error response of <paramref name="page"/>,
    /// each with its address, so that a test can require none.
    /// </summary>
    public static List<string> CollectProblems(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"console: {message.Text} at {message.Location}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        page.RequestFailed += (_, request) => problems.Add($"failed: {request.Url} ({request.Failure})");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Add($"{response.Status} {response.Url}");
            }
        };
        return problems;
    }

    /// <summary>
    /// Saves a full-page screenshot as NAME.png in $MLOPS_SCREENSHOTS (docs/ui/ when refreshing the documentation's
    /// pictures) or else under the test output's screenshots/ folder; returns the file's path.
    /// </summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("MLOPS_SCREENSHOTS") is { Length: > 0 } chosen
            ? chosen
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        // Snackbars are transient: left out of the picture so that they do not cover the page it documents.
        await page.ScreenshotAsync(new() { Path = path, FullPage = false, Style = ".mud-snackbar { visibility: hidden !important; }" });
        return path;
    }
}
