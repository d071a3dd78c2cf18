using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Tracking;

/// <summary>The tracking pages as a signed-in browser first receives them (server prerendering of the real app).</summary>
public sealed partial class TrackingPagesTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task Pages_SignedInAdmin_ShowExperimentRunAndHighlightedParamDifference()
    {
        using var api = app.CreateClient(await app.AdminTokenAsync());
        var experimentId = await api.CreateExperimentAsync("pages-exp");
        var a = await api.CreateRunAsync(experimentId, "run-alpha");
        var b = await api.CreateRunAsync(experimentId, "run-beta");
        await api.LogBatchAsync(a, metrics: [new { key = "auc", value = 0.9, timestamp = 1L, step = 1 }], @params: [new { key = "max_depth", value = "6" }, new { key = "eta", value = "0.1" }]);
        await api.LogBatchAsync(b, metrics: [new { key = "auc", value = 0.8, timestamp = 1L, step = 1 }], @params: [new { key = "max_depth", value = "8" }, new { key = "eta", value = "0.1" }]);
        using var browser = await SignInAsync();

        // The list's rows come from the grid's server-side paging once the circuit is live (the browser tests read them).
        var list = new HtmlParser().ParseDocument(await GetHtmlAsync(browser, "experiments"));
        Assert.NotNull(list.QuerySelector("#experiments-list"));
        Assert.NotNull(list.QuerySelector("#experiment-create"));

        var runs = await GetHtmlAsync(browser, $"experiments/{experimentId}");
        Assert.Contains("pages-exp", runs, StringComparison.Ordinal);
        Assert.Contains("runs-filter", runs, StringComparison.Ordinal);

        var run = new HtmlParser().ParseDocument(await GetHtmlAsync(browser, $"runs/{a}"));
        Assert.Equal("run-alpha", run.QuerySelector("h1")!.TextContent.Trim());

        var compare = new HtmlParser().ParseDocument(await GetHtmlAsync(browser, $"experiments/{experimentId}/compare?runs={a},{b}"));
        var differing = compare.QuerySelectorAll("#compare-params tr.differs").Select(r => r.QuerySelector("td")!.TextContent).ToList();
        Assert.Equal(["max_depth"], differing);
    }

    private static async Task<string> GetHtmlAsync(HttpClient browser, string path)
    {
        using var response = await browser.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {html[..Math.Min(html.Length, 2000)]}");
        return html;
    }

    private async Task<HttpClient> SignInAsync()
    {
        var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        var form = await browser.GetStringAsync("account/login");
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = PortalApp.AdminEmail,
            ["Input.Password"] = PortalApp.AdminPassword,
        });
        using var response = await browser.PostAsync("account/login", content);
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.OK, response.StatusCode.ToString());
        return browser;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
