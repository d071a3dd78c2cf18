using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using MlOpsPortal.Engines.Features;

namespace MlOpsPortal.Engines.Packaging;

/// <summary>
/// Writes and reads model packages as a directory or a zip file. Reading verifies manifest.json: every listed
/// file must be present with the listed size and SHA-256, and no unlisted file may be present.
/// </summary>
public static class ModelPackageStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes the package into <paramref name="directory"/> (created if needed; must not already hold a package).</summary>
    public static async Task WriteDirectoryAsync(ModelPackage package, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        var files = Serialize(package);
        Directory.CreateDirectory(directory);
        if (File.Exists(Path.Combine(directory, ModelPackage.ManifestFile)))
        {
            throw new IOException($"'{directory}' already contains a model package.");
        }

        foreach (var (name, bytes) in files)
        {
            await File.WriteAllBytesAsync(Path.Combine(directory, name), bytes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Deflate level of the package zip: the fastest. Zipping is on the path of every training job. Measured on a
    /// 200-tree Adult model (1.1 MB of files, mostly the native model JSON and the ONNX graph): 8 ms and 440 KB, against
    /// 23 ms and 277 KB at the optimal level. Storage is cheap next to a job's latency; readers accept either level.
    /// </summary>
    public const CompressionLevel ZipCompression = CompressionLevel.Fastest;

    /// <summary>The package as zip archive bytes (what <see cref="WriteZipAsync"/> writes), built in memory.</summary>
    public static byte[] ToZip(ModelPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in Serialize(package))
            {
                using var stream = zip.CreateEntry(name, ZipCompression).Open();
                stream.Write(bytes);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Writes the package as a zip archive to <paramref name="destination"/> (the bytes of <see cref="ToZip"/>).</summary>
    public static async Task WriteZipAsync(ModelPackage package, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(destination);
        await destination.WriteAsync(ToZip(package), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a package from a directory or a <c>.zip</c> file and verifies every digest.</summary>
    /// <exception cref="ModelPackageException">Missing, tampered, unlisted or malformed files.</exception>
    public static async Task<ModelPackage> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path))
        {
            var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(path))
            {
                files[Path.GetFileName(file)] = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
            }

            if (Directory.EnumerateDirectories(path).FirstOrDefault() is { } sub)
            {
                throw new ModelPackageException(ModelPackageErrorKind.UnlistedFile, $"The package contains an unexpected directory '{Path.GetFileName(sub)}'.", Path.GetFileName(sub));
            }

            return Deserialize(files);
        }

        if (File.Exists(path))
        {
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                return await ReadZipAsync(stream, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new ModelPackageException(ModelPackageErrorKind.NotFound, $"No model package at '{path}'.");
    }

    /// <summary>Reads a zipped package and verifies every digest.</summary>
    public static async Task<ModelPackage> ReadZipAsync(Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var zip = new ZipArchive(source, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.Contains('/', StringComparison.Ordinal) || entry.FullName.Contains('\\', StringComparison.Ordinal))
                {
                    throw new ModelPackageException(ModelPackageErrorKind.UnlistedFile, $"The package contains an unexpected path '{entry.FullName}'.", entry.FullName);
                }

                using var buffer = new MemoryStream();
                var stream = entry.Open();
                await using (stream.ConfigureAwait(false))
                {
                    await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                }

                files[entry.FullName] = buffer.ToArray();
            }
        }
        catch (InvalidDataException ex)
        {
            throw new ModelPackageException(ModelPackageErrorKind.InvalidDocument, "The package is not a valid zip archive: " + ex.Message, null, ex);
        }

        return Deserialize(files);
    }

    /// <summary>The package's files by name, manifest.json last; also sets <see cref="ModelPackage.ContentHash"/>.</summary>
    internal static List<(string Name, byte[] Bytes)> Serialize(ModelPackage package)
    {
        var files = new List<(string Name, byte[] Bytes)>
        {
            (ModelPackage.OnnxFile, package.Onnx),
            (ModelPackage.SignatureFile, JsonSerializer.SerializeToUtf8Bytes(package.Signature, Json)),
            (ModelPackage.MetadataFile, JsonSerializer.SerializeToUtf8Bytes(package.Metadata, Json)),
        };
        if (package.NativeModel is not null)
        {
            files.Add((ModelPackage.NativeModelFile, package.NativeModel));
        }

        if (package.MlNetModel is not null)
        {
            files.Add((ModelPackage.MlNetModelFile, package.MlNetModel));
        }

        if (package.Pipeline is not null)
        {
            files.Add((ModelPackage.PipelineFile, System.Text.Encoding.UTF8.GetBytes(package.Pipeline.ToJson())));
        }

        var manifest = new PackageManifest(
            ModelPackage.Format,
            ModelPackage.FormatVersion,
            files.Select(f => new ManifestEntry(f.Name, f.Bytes.Length, Sha256(f.Bytes))).ToArray());
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, Json);
        files.Add((ModelPackage.ManifestFile, manifestBytes));
        package.ContentHash = Sha256(manifestBytes);
        return files;
    }

    internal static ModelPackage Deserialize(IReadOnlyDictionary<string, byte[]> files)
    {
        if (!files.TryGetValue(ModelPackage.ManifestFile, out var manifestBytes))
        {
            throw new ModelPackageException(ModelPackageErrorKind.MissingFile, "The package has no manifest.json.", ModelPackage.ManifestFile);
        }

        var manifest = Parse<PackageManifest>(manifestBytes, ModelPackage.ManifestFile);
        if (manifest.Format != ModelPackage.Format || manifest.FormatVersion != ModelPackage.FormatVersion)
        {
            throw new ModelPackageException(ModelPackageErrorKind.UnsupportedVersion, $"Unsupported package format '{manifest.Format}' version {manifest.FormatVersion}; expected '{ModelPackage.Format}' version {ModelPackage.FormatVersion}.", ModelPackage.ManifestFile);
        }

        var listed = new HashSet<string>(StringComparer.Ordinal) { ModelPackage.ManifestFile };
        foreach (var entry in manifest.Files ?? [])
        {
            if (!files.TryGetValue(entry.Path, out var bytes))
            {
                throw new ModelPackageException(ModelPackageErrorKind.MissingFile, $"'{entry.Path}' is listed in manifest.json but missing from the package.", entry.Path);
            }

            var actual = Sha256(bytes);
            if (bytes.Length != entry.Size || !string.Equals(actual, entry.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new ModelPackageException(ModelPackageErrorKind.HashMismatch, $"'{entry.Path}' does not match manifest.json (expected SHA-256 {entry.Sha256}, {entry.Size} bytes; found {actual}, {bytes.Length} bytes): the package was modified or corrupted.", entry.Path);
            }

            listed.Add(entry.Path);
        }

        if (files.Keys.FirstOrDefault(k => !listed.Contains(k)) is { } unlisted)
        {
            throw new ModelPackageException(ModelPackageErrorKind.UnlistedFile, $"'{unlisted}' is in the package but not in manifest.json.", unlisted);
        }

        foreach (var required in new[] { ModelPackage.OnnxFile, ModelPackage.SignatureFile, ModelPackage.MetadataFile })
        {
            if (!listed.Contains(required))
            {
                throw new ModelPackageException(ModelPackageErrorKind.MissingFile, $"The package lacks the required file '{required}'.", required);
            }
        }

        FeaturePipeline? pipeline = null;
        if (files.TryGetValue(ModelPackage.PipelineFile, out var pipelineBytes))
        {
            try
            {
                pipeline = FeaturePipeline.FromJson(System.Text.Encoding.UTF8.GetString(pipelineBytes));
            }
            catch (FeaturePipelineException ex)
            {
                throw new ModelPackageException(ModelPackageErrorKind.InvalidDocument, ex.Message, ModelPackage.PipelineFile, ex);
            }
        }

        return new ModelPackage(
            files[ModelPackage.OnnxFile],
            Parse<ModelSignature>(files[ModelPackage.SignatureFile], ModelPackage.SignatureFile),
            Parse<ModelMetadata>(files[ModelPackage.MetadataFile], ModelPackage.MetadataFile),
            files.GetValueOrDefault(ModelPackage.NativeModelFile),
            pipeline,
            files.GetValueOrDefault(ModelPackage.MlNetModelFile))
        {
            ContentHash = Sha256(manifestBytes),
        };
    }

    private static T Parse<T>(byte[] bytes, string file)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, Json)
                ?? throw new ModelPackageException(ModelPackageErrorKind.InvalidDocument, $"'{file}' is empty.", file);
        }
        catch (JsonException ex)
        {
            throw new ModelPackageException(ModelPackageErrorKind.InvalidDocument, $"'{file}' is not valid: {ex.Message}", file, ex);
        }
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
