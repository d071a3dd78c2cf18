using Microsoft.Extensions.Options;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Quality;
using MlOpsPortal.Domain.Identity;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Api;

/// <summary>REST for datasets: <c>/api/v1/datasets</c>. Uploading and schema changes need Write; reading needs Read.</summary>
public static class DatasetEndpoints
{
    public static void MapDatasetEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/datasets").WithTags("Datasets").WithPortalProblems();
        group.MapPost("/{name}/versions", UploadAsync).RequireAuthorization(Policies.Write).DisableAntiforgery()
            .WithName("uploadDatasetVersion").Returns<VersionCreated>(StatusCodes.Status201Created).Returns<VersionCreated>()
            .Problems(StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/{name}/versions/{version:int}/columns/rename", async (string name, int version, ColumnRenames body, HttpContext http, IDatasetCatalog catalog, CancellationToken ct) =>
            body.Validate() is { } invalid ? Problems.From(invalid) : (await catalog.RenameColumnsAsync(name, version, body.Renames!, CurrentActor.From(http.User), ct)).ToHttp())
            .RequireAuthorization(Policies.Write).WithName("renameDatasetColumns").Returns<DatasetVersionDetail>().Problems(StatusCodes.Status404NotFound);
        group.MapGet("/", async (string? search, int? skip, int? take, IDatasetCatalog catalog, CancellationToken ct) =>
            TypedResults.Ok(await catalog.ListAsync(search, skip ?? 0, take ?? 100, ct))).RequireAuthorization(Policies.Read).WithName("listDatasets");
        group.MapGet("/{name}/versions", async (string name, IDatasetCatalog catalog, CancellationToken ct) =>
            (await catalog.ListVersionsAsync(name, ct)).ToHttp()).RequireAuthorization(Policies.Read)
            .WithName("listDatasetVersions").Returns<IReadOnlyList<DatasetVersionSummary>>().Problems(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/versions/{version:int}", async (string name, int version, IDatasetCatalog catalog, CancellationToken ct) =>
            (await catalog.GetVersionAsync(name, version, ct)).ToHttp()).RequireAuthorization(Policies.Read)
            .WithName("getDatasetVersion").Returns<DatasetVersionDetail>().Problems(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/versions/{version:int}/preview", PreviewAsync).RequireAuthorization(Policies.Read)
            .WithName("previewDatasetVersion").Returns<PreviewTable>().Problems(StatusCodes.Status404NotFound);
        group.MapPut("/{name}/versions/{version:int}/schema", async (string name, int version, SchemaUpdate body, HttpContext http, IDatasetCatalog catalog, CancellationToken ct) =>
            body.Validate() is { } invalid ? Problems.From(invalid) : (await catalog.UpdateSchemaAsync(name, version, body.ToTypes(), CurrentActor.From(http.User), ct)).ToHttp())
            .RequireAuthorization(Policies.Write).WithName("updateDatasetSchema").Returns<DatasetVersionDetail>().Problems(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/versions/{version:int}/file", async (string name, int version, HttpContext http, IDatasetCatalog catalog, IAuditLog audit, CancellationToken ct) =>
        {
            if (await PersonalDataGuardAsync(name, version, http, catalog, audit, "downloaded", ct) is { } refused)
            {
                return Problems.From(refused);
            }

            var file = await catalog.OpenFileAsync(name, version, ct);
            return file.IsSuccess
                ? Results.Stream(file.Value.Content, "text/csv", file.Value.FileName)
                : Problems.From(file.Error);
        }).RequireAuthorization(Policies.Read).WithName("downloadDatasetVersion").ReturnsFile("text/csv").Problems(StatusCodes.Status404NotFound);
    }

    /// <summary>
    /// The first rows; values of personal-data columns are redacted unless the caller holds PersonalDataReader, in which
    /// case the raw read is audited.
    /// </summary>
    private static async Task<IResult> PreviewAsync(string name, int version, HttpContext http, IDatasetCatalog catalog, IAuditLog audit, CancellationToken ct)
    {
        var detail = await catalog.GetVersionAsync(name, version, ct);
        if (!detail.IsSuccess)
        {
            return Problems.From(detail.Error);
        }

        var preview = await catalog.PreviewAsync(name, version, ct);
        if (!preview.IsSuccess)
        {
            return Problems.From(preview.Error);
        }

        var personal = PiiRedaction.PersonalColumns(detail.Value.Columns);
        if (personal.Count == 0)
        {
            return TypedResults.Ok(preview.Value);
        }

        if (!http.User.IsInRole(Roles.PersonalDataReader))
        {
            return TypedResults.Ok(PiiRedaction.Redact(preview.Value, detail.Value.Columns));
        }

        await audit.WriteAsync(new AuditRecord(CurrentActor.From(http.User), "dataset.personal_data_read", "dataset_version", $"{name}/{version}", null,
            new { Read = "preview", Columns = personal }), ct);
        return TypedResults.Ok(preview.Value);
    }

    /// <summary>A whole-file read of a version with personal-data columns needs PersonalDataReader (403 naming the columns); an allowed read is audited.</summary>
    private static async Task<Error?> PersonalDataGuardAsync(string name, int version, HttpContext http, IDatasetCatalog catalog, IAuditLog audit, string what, CancellationToken ct)
    {
        var detail = await catalog.GetVersionAsync(name, version, ct);
        if (!detail.IsSuccess)
        {
            return detail.Error;
        }

        var personal = PiiRedaction.PersonalColumns(detail.Value.Columns);
        if (personal.Count == 0)
        {
            return null;
        }

        if (!http.User.IsInRole(Roles.PersonalDataReader))
        {
            return Error.Forbidden($"'{name}' version {version} holds personal data in {string.Join(", ", personal)}; downloading it needs the {Roles.PersonalDataReader} permission.");
        }

        await audit.WriteAsync(new AuditRecord(CurrentActor.From(http.User), "dataset.personal_data_read", "dataset_version", $"{name}/{version}", null,
            new { Read = what, Columns = personal }), ct);
        return null;
    }

    private static async Task<IResult> UploadAsync(string name, HttpContext http, IDatasetCatalog catalog, IOptions<DatasetOptions> options, CancellationToken ct)
    {
        if (DatasetNames.Validate(name) is { } invalid)
        {
            return Problems.From(invalid);
        }

        Result<DatasetUploadReader.Upload> upload;
        try
        {
            upload = await DatasetUploadReader.ReadAsync(http.Request, catalog, options.Value.MaxUploadBytes, ct);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.From(CsvErrors.TooLarge(options.Value.MaxUploadBytes));
        }

        if (!upload.IsSuccess)
        {
            return Problems.From(upload.Error);
        }

        var outcome = await catalog.RegisterAsync(name, upload.Value.Stored, upload.Value.Options, CurrentActor.From(http.User), ct);
        if (!outcome.IsSuccess)
        {
            return Problems.From(outcome.Error);
        }

        var v = outcome.Value.Version;
        if (!outcome.Value.Created && NamesNotApplied(upload.Value.Options.ColumnNames, v) is { } notApplied)
        {
            return Problems.From(notApplied);
        }

        var body = new VersionCreated(v.Name, v.Version, v.Id, v.Sha256, v.Rows, v.Columns, v.ProfileJobId);
        return outcome.Value.Created
            ? TypedResults.Created($"/api/v1/datasets/{Uri.EscapeDataString(v.Name)}/versions/{v.Version}", body)
            : TypedResults.Ok(body);
    }

    /// <summary>
    /// The same bytes are already a version whose columns have other names than the <c>columnNames</c> sent: answering
    /// 200 with the old names would drop the caller's names without a word, so the answer is 409 naming the version, both
    /// sets of names and the rename endpoint that applies the new ones.
    /// </summary>
    private static Error? NamesNotApplied(IReadOnlyList<string>? sent, DatasetVersionDetail existing)
    {
        var current = existing.Columns.Select(c => c.Name).ToList();
        if (sent is not { Count: > 0 } || sent.SequenceEqual(current, StringComparer.Ordinal))
        {
            return null;
        }

        var message = $"This file is already '{existing.Name}' version {existing.Version}, with columns {string.Join(", ", current)}; " +
            $"the column names sent ({string.Join(", ", sent)}) were not applied. To use them, rename the version's columns with " +
            $"POST /api/v1/datasets/{existing.Name}/versions/{existing.Version}/columns/rename {{\"renames\":{{\"old\":\"new\"}}}}.";
        return new Error(ErrorCode.Conflict, message, new Dictionary<string, string[]>
        {
            ["columnNames"] = [$"version {existing.Version} has the same content with columns {string.Join(", ", current)}"],
        });
    }

    /// <summary>Body of <c>POST .../columns/rename</c>: <c>{"renames":{"column_1":"age"}}</c> (old name → new name).</summary>
    public sealed record ColumnRenames(IReadOnlyDictionary<string, string>? Renames)
    {
        private static readonly string[] Required = ["give at least one column to rename, as {\"old name\": \"new name\"}"];

        public Error? Validate() =>
            Renames is { Count: > 0 }
                ? null
                : new Error(ErrorCode.InvalidArgument, "Nothing to rename: \"renames\" maps old column names to new ones.", new Dictionary<string, string[]> { ["$.renames"] = Required });
    }

    /// <summary>The upload response: <c>{"name","version","id","sha256","rows","columns":[{"name","type"}]}</c> plus the profile job id.</summary>
    public sealed record VersionCreated(string Name, int Version, Guid Id, string Sha256, long Rows, IReadOnlyList<ColumnSchema> Columns, Guid? ProfileJobId);

    /// <summary>Body of <c>PUT .../schema</c>: <c>{"columns":[{"name":"age","type":"categorical"}]}</c>; columns not listed keep their type.</summary>
    public sealed record SchemaUpdate(IReadOnlyList<ColumnSchema>? Columns)
    {
        private static readonly string[] NameRequired = ["a column name is required"];

        /// <summary>Every listed column needs a name; the error names each column entry that lacks one.</summary>
        public Error? Validate()
        {
            var missing = (Columns ?? []).Select((c, i) => (c, i)).Where(x => x.c is null || string.IsNullOrWhiteSpace(x.c.Name)).Select(x => x.i).ToList();
            return missing.Count == 0
                ? null
                : new Error(
                    ErrorCode.InvalidArgument,
                    $"Every column needs a \"name\" (the column to retype) and a \"type\"; {string.Join(", ", missing.Select(i => $"columns[{i}]"))} has no name.",
                    missing.ToDictionary(i => $"$.columns[{i}].name", _ => NameRequired));
        }

        public Dictionary<string, ColumnType> ToTypes() =>
            (Columns ?? []).GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last().Type, StringComparer.OrdinalIgnoreCase);
    }
}
