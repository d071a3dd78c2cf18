using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace MlOpsPortal.Infrastructure.Artifacts;

/// <summary>Start-up check of <c>Artifacts:Store</c>: a misspelt store name must not silently fall back to the local one.</summary>
internal sealed class ArtifactStoreOptionsValidation : IValidateOptions<ArtifactStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, ArtifactStoreOptions options) =>
        ArtifactStoreOptions.IsKnown(options.Store)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Artifacts:Store is '{options.Store}'; use '{ArtifactStoreOptions.Local}' (the default) or '{ArtifactStoreOptions.S3}'.");
}

/// <summary>Start-up check of <c>Artifacts:S3</c> when the S3 store is selected; every message names the key to fix. The secret is never echoed.</summary>
internal sealed partial class S3ArtifactStoreOptionsValidation : IValidateOptions<S3ArtifactStoreOptions>
{
    private const long MinPartSize = 5L * 1024 * 1024;
    private const long MaxPartSize = 5L * 1024 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, S3ArtifactStoreOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Bucket))
        {
            failures.Add("Artifacts:Store is S3 but Artifacts:S3:Bucket is empty; set it to an existing bucket.");
        }
        else if (!BucketName().IsMatch(options.Bucket))
        {
            failures.Add($"Artifacts:S3:Bucket '{options.Bucket}' is not a valid bucket name (3-63 lowercase letters, digits, '.' or '-').");
        }

        if (!string.IsNullOrWhiteSpace(options.ServiceUrl)
            && !(Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)))
        {
            failures.Add($"Artifacts:S3:ServiceUrl '{options.ServiceUrl}' is not an absolute http:// or https:// URL.");
        }

        if (string.IsNullOrWhiteSpace(options.Region))
        {
            failures.Add("Artifacts:S3:Region is empty; use the bucket's region (us-east-1 for most S3-compatible servers).");
        }

        if (string.IsNullOrEmpty(options.AccessKey) != string.IsNullOrEmpty(options.SecretKey))
        {
            failures.Add("Set both Artifacts:S3:AccessKey and Artifacts:S3:SecretKey, or neither (then the standard AWS credentials apply).");
        }

        if (options.PartSizeBytes is < MinPartSize or > MaxPartSize)
        {
            failures.Add($"Artifacts:S3:PartSizeBytes must be between {MinPartSize} (5 MiB) and {MaxPartSize} (5 GiB).");
        }

        if (options.MultipartThresholdBytes < MinPartSize)
        {
            failures.Add($"Artifacts:S3:MultipartThresholdBytes must be at least {MinPartSize} (5 MiB).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex BucketName();
}
