using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MlOpsPortal.TestSupport.Web;
using MlOpsPortal.Web.Tests.Datasets;

namespace MlOpsPortal.Web.Tests.Security;

/// <summary>Cross-site forms riding on the sign-in cookie: refused without the X-CSRF-TOKEN header, accepted with it.</summary>
public sealed class ApiCsrfTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task MlflowCreateExperiment_CookieAndTextPlainForm_Refused403AndNothingCreated()
    {
        var (browser, _) = await BrowserSession.SignInAsync(app, PortalApp.AdminEmail, PortalApp.AdminPassword);
        using (browser)
        {
            // What <form enctype="text/plain" method="post"> on another port of the same host sends.
            using var form = new StringContent("{\"name\":\"csrf-exp\",\"x\":\"=\"}", Encoding.UTF8, "text/plain");
            using var response = await browser.PostAsync("api/2.0/mlflow/experiments/create", form);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("PERMISSION_DENIED", body.GetProperty("error_code").GetString());
            Assert.Contains("X-CSRF-TOKEN", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        using var api = app.CreateClient(await app.AdminTokenAsync());
        using var lookup = await api.GetAsync("api/2.0/mlflow/experiments/get-by-name?experiment_name=csrf-exp");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task DatasetUpload_CookieAndMultipartFormWithoutToken_Refused403ProblemDetails()
    {
        var (browser, _) = await BrowserSession.SignInAsync(app, PortalApp.AdminEmail, PortalApp.AdminPassword);
        using (browser)
        {
            using var response = await DatasetApi.UploadTextAsync(browser, "csrf-data", "a,b\n1,2\n3,4\n");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Antiforgery token missing", problem.GetProperty("title").GetString());
            Assert.Contains("X-CSRF-TOKEN", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using var api = app.CreateClient(await app.AdminTokenAsync());
        using var lookup = await api.GetAsync("api/v1/datasets/csrf-data/versions/1");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task CookieRequests_WithTokenFromCsrfEndpoint_Succeed()
    {
        var (browser, _) = await BrowserSession.SignInAsync(app, PortalApp.AdminEmail, PortalApp.AdminPassword);
        using (browser)
        {
            var csrf = await browser.GetFromJsonAsync<JsonElement>("api/v1/auth/csrf");
            Assert.Equal("X-CSRF-TOKEN", csrf.GetProperty("headerName").GetString());
            browser.DefaultRequestHeaders.Add("X-CSRF-TOKEN", csrf.GetProperty("token").GetString());

            using var created = await browser.PostAsJsonAsync("api/2.0/mlflow/experiments/create", new { name = "csrf-ok" });
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            using var upload = await DatasetApi.UploadTextAsync(browser, "csrf-ok-data", "a,b\n1,2\n3,4\n");
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }
    }

    [Fact]
    public async Task CookieRequest_TokenOfAnotherSession_Refused403()
    {
        var (first, _) = await BrowserSession.SignInAsync(app, PortalApp.AdminEmail, PortalApp.AdminPassword);
        var password = await app.CreateUserAsync("csrf-other@test.local", "DataScientist");
        var (second, _) = await BrowserSession.SignInAsync(app, "csrf-other@test.local", password);
        using (first)
        using (second)
        {
            var stolen = (await first.GetFromJsonAsync<JsonElement>("api/v1/auth/csrf")).GetProperty("token").GetString();
            second.DefaultRequestHeaders.Add("X-CSRF-TOKEN", stolen);
            using var response = await second.PostAsJsonAsync("api/2.0/mlflow/experiments/create", new { name = "csrf-stolen" });
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }
}
