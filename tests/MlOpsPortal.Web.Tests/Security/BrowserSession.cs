using System.Net;
using System.Text.RegularExpressions;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Security;

/// <summary>An HttpClient that behaves like a browser tab: it signs in through the sign-in form and keeps the cookies.</summary>
internal static partial class BrowserSession
{
    public static async Task<(HttpClient Client, CookieContainer Cookies)> SignInAsync(PortalApp app, string email, string password)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = app.BaseAddress };
        using var response = await PostLoginAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(cookies.GetCookies(app.BaseAddress), c => c.Name == "MlOpsPortal.Auth");
        return (client, cookies);
    }

    /// <summary>Posts the sign-in form the way a browser does (antiforgery field from the rendered form).</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("account/login");
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return await client.PostAsync("account/login", content);
    }

    /// <summary>A client that sends only the given cookie header (an old cookie replayed by an attacker).</summary>
    public static HttpClient WithCookieHeader(PortalApp app, string cookieHeader)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Add("Cookie", cookieHeader);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
