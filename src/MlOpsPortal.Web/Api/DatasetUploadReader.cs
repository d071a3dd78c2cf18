using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Web.Api;

/// <summary>
/// Reads a <c>multipart/form-data</c> upload straight from the request body with <see cref="MultipartReader"/>: the
/// <c>file</c> part is streamed into the artifact store as it arrives (never buffered), the small fields
/// <c>hasHeader</c>, <c>delimiter</c> and <c>columnNames</c> may come before or after it (or in the query string).
/// </summary>
internal static class DatasetUploadReader
{
    private const int MaxFieldBytes = 64 * 1024;

    public sealed record Upload(StoredArtifact Stored, CsvOptions Options);

    public static async Task<Result<Upload>> ReadAsync(HttpRequest request, IDatasetCatalog catalog, long maxUploadBytes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return Error.Invalid("Send the file as multipart/form-data with a part named 'file'.");
        }

        // The whole body may be the file plus a little multipart framing and the small fields.
        var bodyLimit = maxUploadBytes + (1 << 20);
        if (request.ContentLength > bodyLimit)
        {
            return CsvErrors.TooLarge(maxUploadBytes);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = bodyLimit;
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in request.Query)
        {
            fields[key] = value.ToString();
        }

        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        StoredArtifact? stored = null;
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
            if (name.Equals("file", StringComparison.OrdinalIgnoreCase))
            {
                if (stored is not null)
                {
                    return Error.Invalid("Send exactly one part named 'file'.");
                }

                var put = await catalog.StoreAsync(section.Body, cancellationToken);
                if (!put.IsSuccess)
                {
                    return put.Error;
                }

                stored = put.Value;
            }
            else
            {
                using var field = new StreamReader(section.Body);
                var buffer = new char[MaxFieldBytes];
                var read = await field.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
                fields[name] = new string(buffer, 0, read);
            }
        }

        if (stored is null)
        {
            return Error.Invalid("The multipart body has no part named 'file'.");
        }

        var options = ParseOptions(fields);
        return options.IsSuccess ? new Upload(stored, options.Value) : options.Error;
    }

    /// <summary>hasHeader: true/false (absent: detect); delimiter: , ; | tab or ", " (absent: detect); columnNames: comma separated.</summary>
    public static Result<CsvOptions> ParseOptions(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        bool? hasHeader = null;
        if (fields.TryGetValue("hasHeader", out var h) && !string.IsNullOrWhiteSpace(h))
        {
            if (!bool.TryParse(h.Trim(), out var parsed))
            {
                return Error.Invalid($"hasHeader must be true or false, not '{h}'.");
            }

            hasHeader = parsed;
        }

        string? delimiter = null;
        if (fields.TryGetValue("delimiter", out var d) && d.Length > 0)
        {
            delimiter = d is "tab" or "\\t" ? "\t" : d;
        }

        IReadOnlyList<string>? columnNames = null;
        if (fields.TryGetValue("columnNames", out var c) && !string.IsNullOrWhiteSpace(c))
        {
            columnNames = [.. c.Split(',').Select(n => n.Trim())];
        }

        return new CsvOptions { HasHeader = hasHeader, Delimiter = delimiter, ColumnNames = columnNames };
    }
}
