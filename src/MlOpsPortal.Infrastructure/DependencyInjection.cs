using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Infrastructure.Artifacts;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Datasets;
using MlOpsPortal.Infrastructure.Explain;
using MlOpsPortal.Infrastructure.Fairness;
using MlOpsPortal.Infrastructure.Hosting;
using MlOpsPortal.Infrastructure.Identity;
using MlOpsPortal.Infrastructure.Jobs;
using MlOpsPortal.Infrastructure.LabelIssues;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Tracking;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Database, identity stores, audit log and the job scheduler.</summary>
    public static IHostApplicationBuilder AddPortalInfrastructure(this IHostApplicationBuilder builder, PortalDatabase database, DataDirectory dataDirectory)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(dataDirectory);
        services.AddSingleton(database);
        services.AddHostedService(sp => sp.GetRequiredService<PortalDatabase>());
        services.AddPooledDbContextFactory<PortalDbContext>(o => o.UseNpgsql(database.ConnectionString).AddInterceptors(MaxLengthGuard.Instance));
        services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext());

        services.AddIdentityCore<PortalUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddSingleton<IAuditLog, AuditLog>();
        services.AddSingleton<ApiTokenCache>();
        services.AddSingleton<ApiTokenService>();
        services.AddSingleton<UserSessions>();
        services.AddScoped<UserAdminService>();
        services.AddScoped<IdentitySeeder>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddPortalTracking();
        builder.AddPortalJobs(database.ConnectionString);
        services.AddPortalJobServices(builder.Configuration);

        // Artifacts live in <data dir>/artifacts unless Artifacts:Local:RootDirectory says otherwise, or in a bucket
        // when Artifacts:Store is S3 (uploads are then spooled to <data dir>/tmp while they are hashed).
        services.AddArtifactStore(builder.Configuration);
        services.AddPortalDatasets(builder.Configuration);
        services.AddPortalFairness();
        services.AddPortalExplanations();
        services.AddPortalTraining();
        services.AddPortalLabelIssues();
        services.PostConfigure<LocalArtifactStoreOptions>(o =>
        {
            if (string.IsNullOrWhiteSpace(o.RootDirectory))
            {
                o.RootDirectory = dataDirectory.Artifacts;
            }
        });
        services.PostConfigure<S3ArtifactStoreOptions>(o =>
        {
            if (string.IsNullOrWhiteSpace(o.SpoolDirectory))
            {
                o.SpoolDirectory = Path.Combine(dataDirectory.Path, "tmp");
            }
        });
        return builder;
    }
}
