using MlOpsPortal.Infrastructure;
using MlOpsPortal.Infrastructure.Hosting;
using MlOpsPortal.Infrastructure.Identity;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Web.Hosting;

/// <summary>Composition root: one AddXxx per area, then the start-up steps (migrate, seed) and the endpoints.</summary>
public static class PortalHost
{
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = CreateBuilder(args);
        configure?.Invoke(builder);
        EngineServices.EnsureRequestedProviderAvailable(builder.Configuration);
        var dataDirectory = new DataDirectory(DataDirectory.Resolve(builder.Configuration["MLOPS_DATA_DIR"], builder.Environment.ContentRootPath));
        dataDirectory.Lock();
        var database = await PortalDatabase.PrepareAsync(builder.Configuration, dataDirectory, Console.WriteLine, CancellationToken.None);
        try
        {
            builder.AddPortalInfrastructure(database, dataDirectory);
            builder.AddPortalWeb(dataDirectory);
            var app = builder.Build();
            await PrepareDatabaseAsync(app.Services, CancellationToken.None);
            app.UsePortalWeb();
            app.Lifetime.ApplicationStopped.Register(dataDirectory.Dispose);
            app.Lifetime.ApplicationStarted.Register(() => AnnounceAddress(app));
            return app;
        }
        catch
        {
            // A failed start must not leave the private cluster running or the data directory locked.
            await database.DisposeAsync();
            dataDirectory.Dispose();
            throw;
        }
    }

    public static async Task<int> MigrateAsync(string[] args)
    {
        var builder = CreateBuilder(args);
        using var dataDirectory = new DataDirectory(DataDirectory.Resolve(builder.Configuration["MLOPS_DATA_DIR"], builder.Environment.ContentRootPath));
        dataDirectory.Lock();
        await using var database = await PortalDatabase.PrepareAsync(builder.Configuration, dataDirectory, Console.WriteLine, CancellationToken.None);
        builder.AddPortalInfrastructure(database, dataDirectory);
        using var host = builder.Build();
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        Console.WriteLine("Database is up to date.");
        return 0;
    }

    private static WebApplicationBuilder CreateBuilder(string[] args)
    {
        // The repository root holds appsettings.json and wwwroot/; run from there (the README's command does).
        var root = RepositoryRoot.Find();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(PortalHost).Assembly.GetName().Name,
            ContentRootPath = root,
            WebRootPath = Path.Combine(root, "wwwroot"),
        });
        builder.Configuration.AddEnvironmentVariables();
        return builder;
    }

    private static void AnnounceAddress(WebApplication app)
    {
        var address = app.Urls.FirstOrDefault() ?? "http://127.0.0.1:5080";
        Console.WriteLine($"MlOpsPortal is ready: open {address}/ and sign in (first Admin: the credentials printed above on first start, or MLOPS_ADMIN_EMAIL / MLOPS_ADMIN_PASSWORD).");
    }

    private static async Task PrepareDatabaseAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetRequiredService<IConfiguration>().GetValue("Database:MigrateOnStart", true))
        {
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        }

        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IdentitySeeder>().SeedAsync(cancellationToken);
    }
}
