using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MlOpsPortal.TestSupport;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Browser.Tests;

/// <summary>The owner registers a training run's model, edits the promotion policy and evaluates the version on a holdout from the browser.</summary>
public sealed class PolicyAndEvaluationBrowserTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ModelPage_RegisterFromRun_EditPolicy_EvaluateOnHoldout_ThenExplain_PagesShowTheRecords()
    {
        string runId;
        using (var client = portal.CreateClient(await portal.AdminTokenAsync()))
        {
            await BrowserApi.UploadAdultAsync(client, "adult-train", TestPaths.AdultTrain);
            await BrowserApi.UploadAdultAsync(client, "adult-test", TestPaths.AdultTest);
            using var train = await client.PostAsJsonAsync("api/v1/training-jobs", new
            {
                experiment = "adult",
                trainDataset = new { name = "adult-train", version = 1 },
                testDataset = new { name = "adult-test", version = 1 },
                label = "income",
                positiveClass = ">50K",
                hyperparameters = new { rounds = 20 },
            });
            var ids = JsonDocument.Parse(await train.Content.ReadAsStringAsync()).RootElement;
            runId = ids.GetProperty("runId").GetString()!;
            await BrowserApi.WaitForJobAsync(client, ids.GetProperty("jobId").GetGuid());
            using var model = await client.PostAsJsonAsync("api/v1/models", new { name = "adult-policy", description = "browser" });
            Assert.True(model.IsSuccessStatusCode, await model.Content.ReadAsStringAsync());
        }

        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
        await BrowserApi.GoAsync(page, "/models/adult-policy");

        // Register the training run's package.
        await page.ClickAsync("#register-from-run");
        await PickAsync(page, "#register-run", runId, runId);
        await page.ClickAsync("#register-submit");
        await Assertions.Expect(page.Locator("#version-list")).ToContainTextAsync("READY");
        await Assertions.Expect(page.Locator("#version-list")).ToContainTextAsync("package");

        // A bad policy is refused with the reason; a good one is saved and shown.
        await BrowserApi.GoAsync(page, "/models/adult-policy?tab=policy");
        await page.FillAsync("#policy-expiry", "0");
        await page.ClickAsync("#policy-save");
        await Assertions.Expect(page.Locator("#policy-error")).ToContainTextAsync("Requests must expire after more than 0 hours");
        await page.FillAsync("#policy-expiry", "168");
        await page.FillAsync("#policy-approvals", "2");
        await PickAsync(page, "#policy-holdout", "adult-test", "adult-test");
        await page.ClickAsync("#policy-add-metric");
        var row = page.Locator("#policy-metrics tbody tr").First;
        await row.Locator("input").Nth(0).FillAsync("roc_auc");
        await row.Locator("input").Nth(1).FillAsync("0.8");
        await page.ClickAsync("#policy-save");
        await Assertions.Expect(page.Locator("#policy-saved")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#policy")).ToContainTextAsync("2 approval(s) required");
        await Assertions.Expect(page.Locator("#policy")).ToContainTextAsync("roc_auc: min 0.8");

        // Evaluate version 1 on the holdout from its page; the card fills its evaluation section from the record.
        await BrowserApi.GoAsync(page, "/models/adult-policy/versions/1");
        await Assertions.Expect(page.Locator($"#version-run a[href='/runs/{runId}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#version-datasets a[href='/datasets/adult-test/versions/1']")).ToBeVisibleAsync();
        await BrowserApi.GoAsync(page, "/models/adult-policy/versions/1?tab=evaluation");
        await PickAsync(page, "#eval-dataset", "adult-test", "adult-test v1");
        await page.ClickAsync("#eval-submit");
        await Assertions.Expect(page.Locator("#eval-queued")).ToBeVisibleAsync();
        var jobId = Guid.Parse(Regex.Match(await page.Locator("#eval-queued").InnerTextAsync(), "[0-9a-f]{8}-[0-9a-f-]{27}").Value);
        using (var client = portal.CreateClient(await portal.AdminTokenAsync()))
        {
            await BrowserApi.WaitForJobAsync(client, jobId);
        }

        await BrowserApi.GoAsync(page, "/models/adult-policy/versions/1?tab=card");
        var generated = page.Locator("[data-generated=evaluation_results]");
        await Assertions.Expect(generated).ToContainTextAsync("adult-test@v1");
        await generated.Locator("a").First.ClickAsync();
        await page.WaitForURLAsync("**/evaluations/*");
        await Assertions.Expect(page.Locator("#evaluation-metrics tr[data-metric=roc_auc]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#evaluation-confusion")).ToContainTextAsync("actual positive");
        Assert.True(await page.Locator("#evaluation-thresholds tbody tr").CountAsync() > 5);
        await Assertions.Expect(page.Locator("#evaluation-roc .js-plotly-plot")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#evaluation-pr .js-plotly-plot")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#evaluation-calibration .js-plotly-plot")).ToBeVisibleAsync();
        var evaluationUrl = new Uri(page.Url).AbsolutePath;

        // The evaluations list links to it.
        await BrowserApi.GoAsync(page, "/evaluations");
        await Assertions.Expect(page.Locator($"#evaluation-list a[href='{evaluationUrl}']")).ToBeVisibleAsync();

        // The run page's overview lists the run's evaluations with a link to their charts.
        await BrowserApi.GoAsync(page, $"/runs/{runId}");
        await Assertions.Expect(page.Locator($"#run-evaluations a[href='{evaluationUrl}']")).ToBeVisibleAsync();

        // Explain the version: the page fills in live when the job finishes, with beeswarm, dependence and a waterfall.
        await BrowserApi.GoAsync(page, "/models/adult-policy/versions/1?tab=explanations");
        await PickAsync(page, "#explain-dataset", "adult-test", "adult-test v1");
        await page.ClickAsync("#explain-submit");
        await page.WaitForURLAsync("**/explanations/*");
        var explanationUrl = new Uri(page.Url).AbsolutePath;
        await Assertions.Expect(page.Locator("#explanation-global")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#explanation-status")).ToHaveTextAsync("succeeded");
        await Assertions.Expect(page.Locator("#beeswarm .js-plotly-plot")).ToBeVisibleAsync();
        Assert.True(int.Parse(await page.Locator("#beeswarm").GetAttributeAsync("data-points") ?? "0", System.Globalization.CultureInfo.InvariantCulture) > 1000);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Dependence" }).ClickAsync();
        // A MudSelect puts the id on its hidden value input: open it by clicking the visible field around it.
        await page.Locator("div.mud-select").Filter(new() { Has = page.Locator("#dependence-feature") }).Last.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex("^age$") }).ClickAsync();
        await Assertions.Expect(page.Locator("#dependence")).ToContainTextAsync("SHAP of age");
        Assert.True(int.Parse(await page.Locator("#dependence").GetAttributeAsync("data-points") ?? "0", System.Globalization.CultureInfo.InvariantCulture) > 500);
        await Assertions.Expect(page.Locator("#dependence .js-plotly-plot")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "One row" }).ClickAsync();
        await page.Locator("div.mud-select").Filter(new() { Has = page.Locator("#local-row") }).Last.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Nth(3).ClickAsync();
        await Assertions.Expect(page.Locator("#local-total")).ToContainTextAsync("probability");
        await Assertions.Expect(page.Locator("#local-waterfall thead")).ToContainTextAsync("as probability");
        Assert.Equal(14, await page.Locator("#local-waterfall tbody tr[data-feature]").CountAsync());

        // The explanations list links to it.
        await BrowserApi.GoAsync(page, "/explanations");
        await Assertions.Expect(page.Locator($"#explanation-list a[href='{explanationUrl}']")).ToBeVisibleAsync();
    }

    private static Task PickAsync(IPage page, string input, string text, string value) => BrowserApi.PickValueAsync(page, input, text, value);
}
