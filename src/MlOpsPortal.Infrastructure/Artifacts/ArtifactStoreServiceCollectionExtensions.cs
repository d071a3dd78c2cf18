using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MlOpsPortal.Application.Artifacts;

namespace MlOpsPortal.Infrastructure.Artifacts;

public static class ArtifactStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the singleton <see cref="IArtifactStore"/> that <c>Artifacts:Store</c> selects: <see cref="LocalArtifactStore"/>
    /// (<c>Local</c>, the default) or <see cref="S3ArtifactStore"/> (<c>S3</c>). The settings are validated when the host starts.
    /// </summary>
    public static IServiceCollection AddArtifactStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ArtifactStoreOptions>().Bind(configuration.GetSection(ArtifactStoreOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ArtifactStoreOptions>, ArtifactStoreOptionsValidation>());
        var store = configuration[$"{ArtifactStoreOptions.SectionName}:{nameof(ArtifactStoreOptions.Store)}"];
        return ArtifactStoreOptions.IsS3(store) ? services.AddS3ArtifactStore(configuration) : services.AddLocalArtifactStore(configuration);
    }

    /// <summary>Registers <see cref="LocalArtifactStore"/> as the singleton <see cref="IArtifactStore"/>, bound to <c>Artifacts:Local</c>.</summary>
    public static IServiceCollection AddLocalArtifactStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LocalArtifactStoreOptions>().Bind(configuration.GetSection(LocalArtifactStoreOptions.SectionName));
        services.AddSingleton<LocalArtifactStore>();
        services.AddSingleton<IArtifactStore>(sp => sp.GetRequiredService<LocalArtifactStore>());
        return services;
    }

    /// <summary>
    /// Registers <see cref="S3ArtifactStore"/> as the singleton <see cref="IArtifactStore"/>, bound to <c>Artifacts:S3</c> and
    /// validated at start-up, with its own <see cref="IAmazonS3"/> client (keyed <see cref="S3ArtifactStore.ClientKey"/>).
    /// </summary>
    public static IServiceCollection AddS3ArtifactStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<S3ArtifactStoreOptions>().Bind(configuration.GetSection(S3ArtifactStoreOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3ArtifactStoreOptions>, S3ArtifactStoreOptionsValidation>());
        services.AddKeyedSingleton<IAmazonS3>(
            S3ArtifactStore.ClientKey,
            (sp, _) => S3ArtifactClientFactory.Create(sp.GetRequiredService<IOptions<S3ArtifactStoreOptions>>().Value));
        services.AddSingleton<S3ArtifactStore>();
        services.AddSingleton<IArtifactStore>(sp => sp.GetRequiredService<S3ArtifactStore>());
        return services;
    }
}
