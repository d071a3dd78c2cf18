using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using MlOpsPortal.Infrastructure.Hosting;
using MlOpsPortal.Infrastructure.Inference;
using MlOpsPortal.Infrastructure.Monitoring;
using MlOpsPortal.Infrastructure.Registry;
using MlOpsPortal.Infrastructure.Samples;
using MlOpsPortal.Web.Api;
using MlOpsPortal.Web.Api.Inference;
using MlOpsPortal.Web.Api.Registry;
using MlOpsPortal.Web.Api.Mlflow;
using MlOpsPortal.Web.Auth;
using MlOpsPortal.Web.Components;
using MlOpsPortal.Web.Components.Pages.Tracking;
using MlOpsPortal.Web.Security;
using MudBlazor;
using MudBlazor.Services;

namespace MlOpsPortal.Web.Hosting;

public static class WebServices
{
    public const string PortalScheme = "Portal";

    /// <summary>The page a browser sees for an address that does not exist.</summary>
    public const string NotFoundPath = "/not-found";

    public static WebApplicationBuilder AddPortalWeb(this WebApplicationBuilder builder, DataDirectory dataDirectory)
    {
        var services = builder.Services;
        // Package assets (_content/MudBlazor/...) come from the build's static web assets manifest in every environment.
        builder.WebHost.UseStaticWebAssets();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            o.SnackbarConfiguration.VisibleStateDuration = 6000;
            o.SnackbarConfiguration.PreventDuplicates = false;
        });
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingPortalAuthenticationStateProvider>();
        // Keys live in the data directory (several nodes: point DataProtection:KeysDirectory at a shared directory).
        var keys = builder.Configuration["DataProtection:KeysDirectory"] is { Length: > 0 } shared
            ? shared
            : dataDirectory.Keys;
        services.AddDataProtection().SetApplicationName("MlOpsPortal").PersistKeysToFileSystem(new DirectoryInfo(keys));
        services.AddPortalProblems();
        services.AddAntiforgery(o => o.HeaderName = ApiCsrfProtection.HeaderName);
        services.AddSignInThrottling(builder.Configuration);
        services.AddOpenApi(OpenApiSetup.Configure);
        services.AddPortalEngines(builder.Configuration);
        services.AddPortalHealthChecks();
        services.AddPortalRegistry(builder.Configuration);
        services.AddTransient<Components.Pages.Dashboard.DashboardQueries>();
        services.AddTransient<Components.Layout.GlobalSearchQueries>();
        services.AddTransient<ExperimentsViewModel>();
        services.AddTransient<RunsTableViewModel>();
        services.AddTransient<RunViewModel>();
        services.AddTransient<CompareViewModel>();
        services.AddTransient<RunArtifactsViewModel>();
        services.AddSingleton<Components.Pages.Datasets.IDatasetListQuery, Components.Pages.Datasets.DatasetListQuery>();
        services.AddPortalInference(builder.Configuration);
        services.AddPortalMonitoring();
        Components.Pickers.PickerServiceCollectionExtensions.AddPortalPickers(services);
        services.AddPortalSamples();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = PortalScheme;
                o.DefaultChallengeScheme = PortalScheme;
            })
            .AddPolicyScheme(PortalScheme, "Cookie or bearer token", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/account/access-denied";
            o.Cookie.Name = "MlOpsPortal.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.Events.OnValidatePrincipal = SessionValidation.ValidatePrincipalAsync;
            o.Events.OnRedirectToLogin = ctx => IsApi(ctx.Request)
                ? Problems.WriteAsync(ctx.HttpContext, StatusCodes.Status401Unauthorized, "Authentication required", "Sign in, or send 'Authorization: Bearer <token>'.")
                : Redirect(ctx);
            o.Events.OnRedirectToAccessDenied = ctx => IsApi(ctx.Request)
                ? Problems.WriteAsync(ctx.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "Your role does not allow this operation.")
                : Redirect(ctx);
        });
        services.AddAuthorization(Policies.Configure);
        services.AddSingleton<IAuthorizationHandler, ScopeRequirementHandler>();
        services.AddSingleton<Api.HtmlToPdf>();
        return builder;
    }

    public static WebApplication UsePortalWeb(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = _ => StatusCodes.Status500InternalServerError });
        app.UseStatusCodePages();
        // A browser asking for an address that does not exist gets the portal's not-found page; the API keeps ProblemDetails.
        app.UseWhen(http => !IsApi(http.Request) && HttpMethods.IsGet(http.Request.Method),
            branch => branch.UseStatusCodePagesWithReExecute(NotFoundPath, createScopeForStatusCodePages: true));
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseApiCsrfProtection();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapPortalHealth();
        app.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous();
        app.MapPortalApiDocs();
        app.MapIdentityEndpoints();
        app.MapAuditEndpoints();
        app.MapAccountEndpoints();
        app.MapJobEndpoints();
        app.MapDatasetEndpoints();
        app.MapDataQualityEndpoints();
        app.MapLabelIssueEndpoints();
        app.MapFairnessEndpoints();
        app.MapModelEndpoints();
        app.MapPromotionEndpoints();
        app.MapNotificationEndpoints();
        app.MapMlflowRegistryEndpoints();
        app.MapMlflowEndpoints();
        app.MapTrackingEndpoints();
        app.MapPredictEndpoints();
        app.MapMonitoringEndpoints();
        app.MapTrainingEndpoints();
        app.MapEvaluationEndpoints();
        app.MapExplanationEndpoints();
        app.MapRecipeEndpoints();
        app.MapSampleProjectEndpoints();
        app.MapRunArtifactEndpoints();
        app.MapMlflowArtifactEndpoints();
        app.MapPortalHangfireDashboard();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>REST paths answer 401/403 problems; pages (the API docs page included) redirect to sign-in.</summary>
    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments(ApiDocs.Path);

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx)
    {
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
