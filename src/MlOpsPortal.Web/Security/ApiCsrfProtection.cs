using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using MlOpsPortal.Web.Api;

namespace MlOpsPortal.Web.Security;

/// <summary>
/// Cross-site request forgery through the sign-in cookie. A browser attaches the cookie to any same-site request, including
/// a form that another page (another port of the same host) posts as text/plain or multipart. So a cookie-authenticated
/// POST, PUT, PATCH or DELETE under /api must carry an antiforgery token in the <see cref="HeaderName"/> header (from
/// <c>GET /api/v1/auth/csrf</c>), which a cross-site form cannot set. Bearer-token requests carry no ambient credential
/// and are not affected.
/// </summary>
public static class ApiCsrfProtection
{
    public const string HeaderName = "X-CSRF-TOKEN";

    public static IApplicationBuilder UseApiCsrfProtection(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (NeedsProof(context))
        {
            if (!context.Request.Headers.ContainsKey(HeaderName))
            {
                await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "Antiforgery token missing",
                    $"A request signed in with the browser cookie must send the '{HeaderName}' header with a token from GET /api/v1/auth/csrf (or use 'Authorization: Bearer <token>').");
                return;
            }

            if (!await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
            {
                await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "Antiforgery token invalid",
                    $"The '{HeaderName}' header does not match this browser session; fetch a new token from GET /api/v1/auth/csrf.");
                return;
            }
        }

        await next(context);
    });

    private static bool NeedsProof(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
        {
            return false;
        }

        return context.Request.Path.StartsWithSegments("/api")
            && context.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == IdentityConstants.ApplicationScheme);
    }
}
