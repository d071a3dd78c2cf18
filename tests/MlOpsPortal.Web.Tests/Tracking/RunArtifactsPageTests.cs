using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Tracking;

/// <summary>The run page's Artifacts tab as a signed-in browser first receives it (server prerendering of the real app).</summary>
public sealed partial class RunArtifactsPageTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task RunPage_ArtifactsTab_ListsLoggedFilesWithDownloadLinks()
    {
        using var api = app.CreateClient(await app.AdminTokenAsync());
        var runId = await api.CreateRunAsync(await api.CreateExperimentAsync("artifacts-page"), "with-artifacts");
        (await RunArtifactApiTests.PutAsync(api, $"api/v1/runs/{runId}/artifacts/plots/metrics.json", "{\"auc\":0.9}"u8.ToArray())).Dispose();
        (await RunArtifactApiTests.PutAsync(api, $"api/v1/runs/{runId}/artifacts/readme.txt", "hello"u8.ToArray())).Dispose();
        using var browser = await SignInAsync();

        using var response = await browser.GetAsync($"runs/{runId}?tab=artifacts");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = new HtmlParser().ParseDocument(html);
        var paths = doc.QuerySelectorAll("#run-artifacts tbody tr").Select(r => r.GetAttribute("data-path")).ToList();
        Assert.Equal(["plots", "plots/metrics.json", "readme.txt"], paths);
        var link = doc.QuerySelector("#run-artifacts a.artifact-download")!.GetAttribute("href")!;

        // The link works with the browser's cookie session, not only with a bearer token.
        Assert.Equal("{\"auc\":0.9}", await browser.GetStringAsync(link.TrimStart('/')));
    }

    private async Task<HttpClient> SignInAsync()
    {
        var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        var form = await browser.GetStringAsync("account/login");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = AntiforgeryField().Match(form).Groups[1].Value,
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
