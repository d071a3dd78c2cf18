using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Identity;
using MlOpsPortal.Domain.Identity;

namespace MlOpsPortal.Web.Hosting;

/// <summary>
/// Hangfire's dashboard at <c>/hangfire</c>, for Admins signed in to the portal (cookie sign-in). Anonymous visitors are
/// sent to the sign-in page by the portal's fallback policy; a signed-in user who is not an Admin, or a caller with an API
/// token, gets 403. The portal's own Jobs pages remain where users follow, cancel and retry their jobs.
/// </summary>
public static class HangfireDashboard
{
    public const string Path = "/hangfire";

    public static void MapPortalHangfireDashboard(this IEndpointRouteBuilder app) =>
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [new AdminCookieAuthorization()],
            AsyncAuthorization = [],
            AppPath = "/admin/cluster",
            DashboardTitle = "MlOpsPortal background jobs",
            DisplayStorageConnectionString = false,
        });

    private sealed class AdminCookieAuthorization : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var user = context.GetHttpContext().User;
            return user.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == IdentityConstants.ApplicationScheme) && user.IsInRole(Roles.Admin);
        }
    }
}
