using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using MlOpsPortal.Web.Api;

namespace MlOpsPortal.Web.Security;

/// <summary>
/// Password guessing is throttled per client address before it reaches an account: the sign-in form
/// (<c>POST /account/login</c>) and the token exchange (<c>POST /api/v1/auth/tokens</c>) together allow
/// <c>Security:SignIn:PermitLimit</c> attempts (default 10) per <c>Security:SignIn:WindowSeconds</c> (default 60) from one
/// remote IP; beyond that the answer is 429 with Retry-After. Other requests are not limited.
/// </summary>
public static class SignInThrottling
{
    public static IServiceCollection AddSignInThrottling(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = Math.Max(1, configuration.GetValue("Security:SignIn:PermitLimit", 10));
        var window = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Security:SignIn:WindowSeconds", 60)));
        return services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => IsSignIn(http.Request)
                ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = window,
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter(string.Empty));
            o.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(Problems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many sign-in attempts",
                    $"Too many sign-in attempts from this address; try again in {seconds} seconds."));
            };
        });
    }

    private static bool IsSignIn(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.Equals("/account/login", StringComparison.OrdinalIgnoreCase) || request.Path.Equals("/api/v1/auth/tokens", StringComparison.OrdinalIgnoreCase));
}
