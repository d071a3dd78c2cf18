using Scalar.AspNetCore;

namespace MlOpsPortal.Web.Hosting;

/// <summary>
/// Interactive API documentation (Scalar) at /api/docs for signed-in users, over the served OpenAPI document. Scalar's
/// script comes from the package itself (/api/docs/scalar.js), never a CDN; default fonts, telemetry, the AI agent and
/// the developer toolbar (whose "Share" would upload the document) are off, so the page talks to this origin only. Its one inline module script carries a fresh nonce, and the page
/// gets a Content-Security-Policy naming that nonce (sent by Security.SecurityHeaders; docs/api.md says why each
/// directive is there).
/// </summary>
public static class ApiDocs
{
    public const string Path = "/api/docs";

    /// <summary>The docs page's policy: scripts from this origin or with the request's nonce; Scalar injects its styles at run time.</summary>
    public static string ContentSecurityPolicy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "worker-src 'self' blob:; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IEndpointConventionBuilder MapPortalApiDocs(this IEndpointRouteBuilder app) =>
        app.MapScalarApiReference(Path, (options, _) =>
        {
            options.WithTitle("MlOpsPortal API")
                .WithOpenApiRoutePattern("/api/openapi/{documentName}.json")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools()
                .ShowOperationId()
                .WithFavicon("/favicon.svg")
                .WithNonce();
        }).RequireAuthorization();

    /// <summary>
    /// The docs page's policy when this response is that page (Scalar stored the nonce it put on the page's scripts);
    /// otherwise null. Security.SecurityHeaders sends it instead of the portal-wide policy.
    /// </summary>
    public static string? ContentSecurityPolicyFor(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Request.Path.StartsWithSegments(Path) && http.Items[ScalarOptions.NonceHttpContextItemKey] is string nonce
            ? ContentSecurityPolicy(nonce)
            : null;
    }
}
