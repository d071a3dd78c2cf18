namespace MlOpsPortal.Web.Security;

/// <summary>
/// Response headers sent on every response (pages, API, static files, errors): a Content-Security-Policy that allows
/// scripts only from the portal itself, no framing, no MIME sniffing and no referrer. Added when the response starts,
/// so that the exception handler or status-code pages clearing a response cannot drop them.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Blazor Server needs its own script files ('self') and its WebSocket to the same origin (connect-src 'self');
    /// MudBlazor components set inline style attributes, hence style-src 'unsafe-inline' (styles cannot run script).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            // The API docs page (Scalar) adds its per-request nonce for its inline start-up script; see Hosting/ApiDocs.cs.
            headers.ContentSecurityPolicy = Hosting.ApiDocs.ContentSecurityPolicyFor(http) ?? ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}
