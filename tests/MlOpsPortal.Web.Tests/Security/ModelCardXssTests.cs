using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Parser;
using MlOpsPortal.TestSupport.Web;
using MlOpsPortal.Web.Tests.Registry;

namespace MlOpsPortal.Web.Tests.Security;

/// <summary>Stored XSS through model cards: the rendered version page keeps no script, handler or script URL from the user.</summary>
public sealed class ModelCardXssTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task VersionPage_HostileModelCard_RendersWithoutScriptsHandlersOrScriptUrls()
    {
        using var api = app.CreateClient(await app.AdminTokenAsync());
        await RegistryTestKit.CreateModelAsync(api, "xss-model");
        var version = await RegistryTestKit.UploadValidAsync(api, "xss-model");
        var sections = new Dictionary<string, string>
        {
            ["overview"] = "![p](x){onerror=alert(1)}",
            ["intended_use"] = "<script>alert(2)</script>",
            ["limitations"] = "<img src=x onerror=alert(3)>",
            ["owners"] = "[x](javascript:alert(4)) and [docs](https://example.org/docs)",
        };
        using (var put = await api.PutAsJsonAsync($"api/v1/models/xss-model/versions/{version}/card", new { sections }))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        var (browser, _) = await BrowserSession.SignInAsync(app, PortalApp.AdminEmail, PortalApp.AdminPassword);
        using (browser)
        {
            using var page = await browser.GetAsync($"models/xss-model/versions/{version}?tab=card");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var document = new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync());
            var previews = document.QuerySelectorAll(".card-preview");
            Assert.NotEmpty(previews);
            Assert.Contains(document.QuerySelectorAll(".card-preview a"), a => a.GetAttribute("href") == "https://example.org/docs");
            var scripts = document.QuerySelectorAll("script").Select(s => s.GetAttribute("src") ?? "(inline)").ToList();
            Assert.All(scripts, src => Assert.True(src.StartsWith("_content/", StringComparison.Ordinal) || src.StartsWith("_framework/", StringComparison.Ordinal), src));
            var handlers = document.All.SelectMany(e => e.Attributes.Where(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)).Select(a => $"<{e.LocalName} {a.Name}>")).ToList();
            Assert.Empty(handlers);
            var scriptUrls = document.All.SelectMany(e => e.Attributes.Where(a => a.Value.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))).ToList();
            Assert.Empty(scriptUrls);
        }
    }
}
