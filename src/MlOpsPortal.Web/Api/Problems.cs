using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Web.Api;

/// <summary>The one place where expected failures become HTTP ProblemDetails.</summary>
public static class Problems
{
    public static int StatusOf(ErrorCode code) => code switch
    {
        ErrorCode.NotFound => StatusCodes.Status404NotFound,
        ErrorCode.AlreadyExists => StatusCodes.Status409Conflict,
        ErrorCode.Conflict => StatusCodes.Status409Conflict,
        ErrorCode.InvalidState => StatusCodes.Status409Conflict,
        ErrorCode.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCode.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorCode.NotImplemented => StatusCodes.Status501NotImplemented,
        ErrorCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    public static IResult From(Error error) => TypedResults.Problem(ToProblemDetails(error));

    /// <summary>The ProblemDetails of an expected failure: status, title, detail, <c>code</c> and per-field <c>errors</c>.</summary>
    public static ProblemDetails ToProblemDetails(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var problem = new ProblemDetails
        {
            Status = StatusOf(error.Code),
            Title = TitleOf(error.Code),
            Detail = error.Message,
            Type = "https://mlopsportal.dev/problems/" + error.Code.ToString().ToLowerInvariant(),
        };
        problem.Extensions["code"] = error.Code.ToString();
        problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString();
        if (error.Details is not null)
        {
            problem.Extensions["errors"] = error.Details;
        }

        return problem;
    }

    /// <summary>
    /// Writes an expected failure outside a handler (exception handler, middleware) through the ProblemDetails service,
    /// so that MLflow routes get MLflow's shape (<see cref="Mlflow.MlflowErrors.ProblemWriter"/>); falls back to plain
    /// problem+json when no writer accepts the request's Accept header.
    /// </summary>
    public static async Task WriteAsync(HttpContext context, Error error, int? status = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = ToProblemDetails(error);
        problem.Status = status ?? problem.Status;
        context.Response.StatusCode = problem.Status!.Value;
        var service = context.RequestServices.GetService<IProblemDetailsService>();
        if (service is null || !await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            await context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", context.RequestAborted);
        }
    }

    /// <summary>Maps a result to 200 with its value, or to the problem of its error.</summary>
    public static IResult ToHttp<T>(this Result<T> result, Func<T, IResult>? ok = null) =>
        result.IsSuccess ? (ok?.Invoke(result.Value) ?? TypedResults.Ok(result.Value)) : From(result.Error);

    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        if (Mlflow.MlflowErrors.IsMlflowPath(context.Request.Path))
        {
            // MLflow clients read {"error_code", "message"}.
            return Mlflow.MlflowErrors.WriteAsync(context, status, Mlflow.MlflowErrors.CodeOf(status), detail);
        }

        return context.Response.WriteAsJsonAsync(
            new ProblemDetails { Status = status, Title = title, Detail = detail, Extensions = { ["traceId"] = Activity.Current?.TraceId.ToString() } },
            options: null,
            contentType: "application/problem+json");
    }

    private static string TitleOf(ErrorCode code) => code switch
    {
        ErrorCode.NotFound => "Not found",
        ErrorCode.AlreadyExists => "Already exists",
        ErrorCode.Conflict => "Conflict",
        ErrorCode.InvalidState => "Invalid state",
        ErrorCode.Forbidden => "Forbidden",
        ErrorCode.PayloadTooLarge => "Payload too large",
        ErrorCode.NotImplemented => "Not available here",
        ErrorCode.Unavailable => "Temporarily unavailable",
        _ => "Invalid request",
    };
}
