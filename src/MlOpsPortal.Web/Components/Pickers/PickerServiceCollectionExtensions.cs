namespace MlOpsPortal.Web.Components.Pickers;

public static class PickerServiceCollectionExtensions
{
    /// <summary>Registers the queries behind the type-to-search pickers (one short-lived DbContext per call, so a singleton is safe).</summary>
    public static IServiceCollection AddPortalPickers(this IServiceCollection services)
    {
        services.AddSingleton<IPickerQueries, PickerQueries>();
        return services;
    }
}
