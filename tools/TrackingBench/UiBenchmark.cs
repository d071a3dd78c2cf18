using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using MlOpsPortal.TestSupport.Web;
using MlOpsPortal.Web.Components.Layout;

namespace MlOpsPortal.Bench;

/// <summary>
/// How long until a page is usable, measured the way a person meets it, in Debian's headless Chromium against the real
/// portal with 100,000 seeded runs: (1) every menu page opened from the address bar until the layout reports an
/// interactive circuit and the page's heading is drawn; (2) every menu page reached by clicking the menu; (3) a page
/// turn of the runs table at 100,000 runs until the first row changes. Medians of several repeats after one warm-up.
/// </summary>
public static class UiBenchmark
{
    private const string ChromiumPath = "/usr/bin/chromium";

    public static async Task RunAsync(int runs, int repeats, TextWriter output, CancellationToken cancellationToken)
    {
        var app = new PortalApp();
        await app.InitializeAsync();
        try
        {
            using var client = app.CreateClient(await app.AdminTokenAsync());
            var experimentId = await TrackingBenchmark.CreateExperimentAsync(client, "ui-bench", cancellationToken);
            var seed = Stopwatch.StartNew();
            await TrackingBenchmark.SeedAsync(app.ConnectionString, long.Parse(experimentId, CultureInfo.InvariantCulture), runs, cancellationToken);
            output.WriteLine($"seed: {runs:N0} runs x 20 params x 20 metrics in {seed.Elapsed.TotalSeconds:F1} s");

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
            });
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new() { Width = 1440, Height = 900 } });
            context.SetDefaultTimeout(60_000);
            var page = await context.NewPageAsync();
            await page.GotoAsync("/account/login");
            await page.FillAsync("#email", PortalApp.AdminEmail);
            await page.FillAsync("#password", PortalApp.AdminPassword);
            await page.ClickAsync("#sign-in");
            await WaitInteractiveAsync(page);

            var items = NavMenuModel.All.SelectMany(g => g.Items).ToList();
            output.WriteLine();
            output.WriteLine($"| page | full load → interactive, median ms (n={repeats}) | menu click → drawn, median ms (n={repeats}) |");
            output.WriteLine("|---|---:|---:|");
            var loads = new List<double>();
            var clicks = new List<double>();
            foreach (var item in items)
            {
                var load = await MedianAsync(repeats, async () =>
                {
                    var watch = Stopwatch.StartNew();
                    await page.GotoAsync(item.Href);
                    await WaitInteractiveAsync(page);
                    await page.Locator("h1").First.WaitForAsync();
                    return watch.Elapsed.TotalMilliseconds;
                });
                var click = await MedianAsync(repeats, async () =>
                {
                    await page.GotoAsync("/not-found");
                    await WaitInteractiveAsync(page);
                    var watch = Stopwatch.StartNew();
                    await page.Locator(".nav-menu a[href='" + item.Href + "']").ClickAsync();
                    await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == item.Href);
                    await page.Locator("h1").First.WaitForAsync();
                    await page.Locator(".nav-menu a.active[href='" + item.Href + "']").WaitForAsync();
                    return watch.Elapsed.TotalMilliseconds;
                });
                loads.Add(load);
                clicks.Add(click);
                output.WriteLine($"| {item.Href} | {load:F0} | {click:F0} |");
            }

            output.WriteLine($"| **median of pages** | **{Median(loads):F0}** | **{Median(clicks):F0}** |");
            output.WriteLine($"slowest full load: {items[loads.IndexOf(loads.Max())].Href} {loads.Max():F0} ms; slowest menu click: {items[clicks.IndexOf(clicks.Max())].Href} {clicks.Max():F0} ms");

            await page.GotoAsync($"/experiments/{experimentId}");
            await WaitInteractiveAsync(page);
            var firstRow = page.Locator(".mud-table-body tr").First;
            await firstRow.WaitForAsync();
            var next = page.Locator("button[aria-label='Next page']").First;
            var turn = await MedianAsync(repeats, async () =>
            {
                var before = await firstRow.InnerTextAsync();
                var watch = Stopwatch.StartNew();
                await next.ClickAsync();
                while (await firstRow.InnerTextAsync() == before)
                {
                    await Task.Delay(5, cancellationToken);
                }

                return watch.Elapsed.TotalMilliseconds;
            });
            output.WriteLine();
            output.WriteLine($"runs table at {runs:N0} runs: page turn (click → first row replaced), median of {repeats}: {turn:F0} ms");
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static Task WaitInteractiveAsync(IPage page) =>
        page.Locator(".portal-layout[data-interactive='true']").WaitForAsync();

    private static async Task<double> MedianAsync(int repeats, Func<Task<double>> measure)
    {
        await measure(); // warm-up: first render of the page type, query plans, JIT
        var samples = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            samples.Add(await measure());
        }

        return Median(samples);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
