using Microsoft.AspNetCore.Http.Features;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Inference;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Api.Inference;

/// <summary>
/// Online scoring: <c>POST /api/v1/models/{name}@{alias}/predict</c> and <c>POST /api/v1/models/{name}/versions/{n}/predict</c>.
/// Body: MLflow serving JSON (<c>dataframe_split</c> / <c>dataframe_records</c>) or <c>text/csv</c>; token scope <c>score</c>.
/// </summary>
public static class PredictEndpoints
{
    public static void MapPredictEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/models").WithTags("Inference").RequireAuthorization(Policies.Score).DisableAntiforgery().WithPortalProblems()
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable);
        g.MapPost("/{name}@{alias}/predict", (string name, string alias, bool? explain, HttpContext http, OnlineScoring scoring, CancellationToken ct) =>
            PredictAsync(new ModelTarget(name, alias, null), explain ?? false, http, scoring, ct))
            .WithName("predictByAlias").Returns<PredictResponse>();
        g.MapPost("/{name}/versions/{version:int}/predict", (string name, int version, bool? explain, HttpContext http, OnlineScoring scoring, CancellationToken ct) =>
            PredictAsync(new ModelTarget(name, null, version), explain ?? false, http, scoring, ct))
            .WithName("predictByVersion").Returns<PredictResponse>();
    }

    private static async Task<IResult> PredictAsync(ModelTarget target, bool explain, HttpContext http, OnlineScoring scoring, CancellationToken ct)
    {
        var limit = scoring.Options.MaxRequestBytes;
        if (http.Request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit + 1;
        }

        var mediaType = http.Request.ContentType?.Split(';')[0].Trim() ?? string.Empty;
        var isCsv = mediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase);
        if (!isCsv && !mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) && mediaType.Length > 0)
        {
            return Problems.From(Error.Invalid($"Unsupported content type '{mediaType}': send application/json (MLflow dataframe_split or dataframe_records) or text/csv."));
        }

        var body = await ReadBoundedAsync(http.Request.Body, limit, ct);
        if (body is null)
        {
            return TooLarge(limit);
        }

        var result = isCsv
            ? await scoring.ScoreCsvAsync(target, new MemoryStream(body.Value.ToArray(), writable: false), explain, ct)
            : await scoring.ScoreJsonAsync(target, body.Value, explain, ct);
        return result.ToHttp();
    }

    /// <summary>The body, or null when it exceeds <paramref name="limit"/> bytes (read no further than that).</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBoundedAsync(Stream body, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        try
        {
            while ((read = await body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static IResult TooLarge(long limit) => Problems.From(new Error(ErrorCode.PayloadTooLarge,
        $"The request body is larger than {limit:N0} bytes (Inference:MaxRequestBytes); split it, or use a batch scoring job."));
}
