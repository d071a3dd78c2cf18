using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Web.Api.Mlflow;

/// <summary>
/// The one place that writes MLflow's error shape, <c>{"error_code": "...", "message": "..."}</c>: handlers return
/// <see cref="Fail"/>, and every ProblemDetails the framework writes on an MLflow route (bad bodies, 401/403, 404/405,
/// 413, 500) is turned into it by <see cref="ProblemWriter"/>, so MLflow clients always get a message they can show.
/// </summary>
public static class MlflowErrors
{
    public const string InvalidParameterValue = "INVALID_PARAMETER_VALUE";

    // Messages quote JSON ("$.tags must be an array"); relaxed escaping keeps them readable (the body is application/json).
    private static readonly JsonSerializerOptions ErrorJson = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>True for the MLflow REST routes and the MLflow artifact proxy.</summary>
    public static bool IsMlflowPath(PathString path) =>
        path.StartsWithSegments("/api/2.0/mlflow") || path.StartsWithSegments("/api/2.0/mlflow-artifacts");

    /// <summary>MLflow's HTTP status and error code for an expected failure (as MLflow's server maps its codes).</summary>
    public static (int Status, string Code) Of(ErrorCode code) => code switch
    {
        ErrorCode.NotFound => (StatusCodes.Status404NotFound, "RESOURCE_DOES_NOT_EXIST"),
        ErrorCode.AlreadyExists => (StatusCodes.Status400BadRequest, "RESOURCE_ALREADY_EXISTS"),
        ErrorCode.InvalidState => (StatusCodes.Status400BadRequest, "INVALID_STATE"),
        ErrorCode.Conflict => (StatusCodes.Status409Conflict, "RESOURCE_CONFLICT"),
        ErrorCode.Forbidden => (StatusCodes.Status403Forbidden, "PERMISSION_DENIED"),
        ErrorCode.PayloadTooLarge => (StatusCodes.Status413PayloadTooLarge, InvalidParameterValue),
        ErrorCode.NotImplemented => (StatusCodes.Status501NotImplemented, "NOT_IMPLEMENTED"),
        ErrorCode.Unavailable => (StatusCodes.Status503ServiceUnavailable, "TEMPORARILY_UNAVAILABLE"),
        _ => (StatusCodes.Status400BadRequest, InvalidParameterValue),
    };

    /// <summary>MLflow's error code for an HTTP status the framework chose (no <see cref="ErrorCode"/> known).</summary>
    public static string CodeOf(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "UNAUTHENTICATED",
        StatusCodes.Status403Forbidden => "PERMISSION_DENIED",
        StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed => "ENDPOINT_NOT_FOUND",
        StatusCodes.Status409Conflict => "RESOURCE_CONFLICT",
        StatusCodes.Status429TooManyRequests => "REQUEST_LIMIT_EXCEEDED",
        StatusCodes.Status503ServiceUnavailable => "TEMPORARILY_UNAVAILABLE",
        >= 500 => "INTERNAL_ERROR",
        _ => InvalidParameterValue,
    };

    public static IResult Fail(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var (status, code) = Of(error.Code);
        return Json(status, code, error.Message);
    }

    public static IResult Invalid(string message) => Fail(Error.Invalid(message));

    public static IResult Json(int status, string code, string message) =>
        Results.Json(new Body(code, message), ErrorJson, statusCode: status);

    public static Task WriteAsync(HttpContext context, int status, string code, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new Body(code, message), ErrorJson, context.RequestAborted);
    }

    /// <summary>MLflow's message for a problem: its detail (which names the member), else its per-field errors, else its title.</summary>
    public static string MessageOf(ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (!string.IsNullOrWhiteSpace(problem.Detail))
        {
            return problem.Detail;
        }

        return problem.Extensions.TryGetValue("errors", out var value) && value is IReadOnlyDictionary<string, string[]> { Count: > 0 } errors
            ? string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join("; ", e.Value)}"))
            : problem.Title ?? "The request failed.";
    }

    private sealed record Body(
        [property: System.Text.Json.Serialization.JsonPropertyName("error_code")] string ErrorCode,
        [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message);

    /// <summary>Writes the framework's ProblemDetails in MLflow's shape on MLflow routes; other routes keep problem+json.</summary>
    public sealed class ProblemWriter : IProblemDetailsWriter
    {
        public bool CanWrite(ProblemDetailsContext context) => IsMlflowPath(context.HttpContext.Request.Path);

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            var http = context.HttpContext;
            var status = context.ProblemDetails.Status ?? http.Response.StatusCode;
            var code = context.ProblemDetails.Extensions.TryGetValue("code", out var c) && Enum.TryParse<ErrorCode>(c?.ToString(), out var known)
                ? Of(known).Code
                : CodeOf(status);
            return new ValueTask(MlflowErrors.WriteAsync(http, status, code, MessageOf(context.ProblemDetails)));
        }
    }
}
