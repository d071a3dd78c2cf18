using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace MlOpsPortal.Web.Api;

/// <summary>MLflow's error body, which every <c>/api/2.0/mlflow...</c> endpoint answers instead of ProblemDetails.</summary>
public sealed record MlflowError(
    [property: JsonPropertyName("error_code")] string ErrorCode,
    [property: JsonPropertyName("message")] string Message);

/// <summary>
/// Response metadata for the OpenAPI document (docs/openapi.json): what each endpoint answers, declared next to its route.
/// Group conventions carry what every endpoint of a group shares (400/401/403/500 problems); each endpoint names its
/// success type and its own 404/409/413. Metadata only: handlers are unchanged.
/// </summary>
public static class ApiContract
{
    public const string ProblemJson = "application/problem+json";

    /// <summary>400, 401, 403 and 500 as <c>application/problem+json</c>: bad input, no credentials, missing role or scope, a fault.</summary>
    public static TBuilder WithPortalProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.Problems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status500InternalServerError);

    /// <summary>MLflow's error shape for 400, 401, 403, 404 and 500 (MLflow maps its error codes onto these statuses).</summary>
    public static TBuilder WithMlflowErrors<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in new[] { StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status500InternalServerError })
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(MlflowError), ["application/json"]));
        }

        return builder;
    }

    /// <summary>ProblemDetails responses for the given statuses (404 not found, 409 conflict or invalid state, 413 too large, ...).</summary>
    public static TBuilder Problems<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(statuses);
        foreach (var status in statuses)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ProblemJson]));
        }

        return builder;
    }

    /// <summary>A JSON success response of type <typeparamref name="T"/> (200 unless given).</summary>
    public static RouteHandlerBuilder Returns<T>(this RouteHandlerBuilder builder, int status = StatusCodes.Status200OK) =>
        builder.Produces<T>(status, "application/json");

    /// <summary>
    /// Documents an MLflow endpoint's JSON request body. Such handlers read the body as JSON whatever its content type
    /// (MLflow's clients and curl users send various), so the route also accepts <c>*/*</c>: an Accepts list of
    /// application/json alone would make routing answer 415 to them.
    /// </summary>
    public static RouteHandlerBuilder AcceptsMlflowJson<T>(this RouteHandlerBuilder builder)
        where T : notnull =>
        builder.Accepts<T>("application/json", "*/*");

    /// <summary>204 No Content.</summary>
    public static RouteHandlerBuilder ReturnsNoContent(this RouteHandlerBuilder builder) =>
        builder.Produces(StatusCodes.Status204NoContent);

    /// <summary>A file download: a binary body of the given media type(s).</summary>
    public static RouteHandlerBuilder ReturnsFile(this RouteHandlerBuilder builder, string contentType, params string[] more) =>
        builder.Produces<Stream>(StatusCodes.Status200OK, contentType, more);
}
