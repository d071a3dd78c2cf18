using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Web.Api.Mlflow;

namespace MlOpsPortal.Web.Api;

/// <summary>
/// How a request that cannot be served becomes a reasoned answer: binding failures are thrown
/// (<see cref="RouteHandlerOptions.ThrowOnBadRequest"/>) and caught by <see cref="RequestExceptionHandler"/>; every
/// ProblemDetails gets a detail; on MLflow routes <see cref="MlflowErrors.ProblemWriter"/> writes MLflow's shape.
/// </summary>
public static class RequestErrors
{
    public static IServiceCollection AddPortalProblems(this IServiceCollection services)
    {
        // Before AddProblemDetails: the first writer that accepts a request writes it.
        services.AddSingleton<IProblemDetailsWriter, MlflowErrors.ProblemWriter>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Fill);
        services.AddExceptionHandler<RequestExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddRequestShorthandSchemas();
        return services;
    }

    /// <summary>A problem the framework wrote without a detail (404 route, 405, 415, 500) gets one in plain words.</summary>
    private static void Fill(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var request = context.HttpContext.Request;
        problem.Extensions.TryAdd("traceId", Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier);
        if (!string.IsNullOrWhiteSpace(problem.Detail))
        {
            return;
        }

        problem.Detail = (problem.Status ?? context.HttpContext.Response.StatusCode) switch
        {
            StatusCodes.Status400BadRequest => "The request could not be read; check its body, query string and headers.",
            StatusCodes.Status401Unauthorized => "Sign in, or send 'Authorization: Bearer <token>'.",
            StatusCodes.Status403Forbidden => "Your role or token scope does not allow this operation.",
            StatusCodes.Status404NotFound => $"Nothing is found at {request.Method} {request.Path}.",
            StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not allowed on {request.Path}.",
            StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
            StatusCodes.Status415UnsupportedMediaType =>
                $"The Content-Type '{request.ContentType}' is not accepted by {request.Method} {request.Path}; /api/openapi/v1.json lists the media types each endpoint takes.",
            >= 500 => "An unexpected error occurred; the server log has the details under this traceId.",
            var status => ReasonPhrases.GetReasonPhrase(status),
        };
    }
}

/// <summary>
/// Maps the exceptions that mean "the request is wrong" to 4xx with a reason: a body that does not bind (JSON syntax,
/// shape, type, enum value, missing body), a body over the size limit, a truncated multipart upload, a value longer than
/// its column. Everything else falls through to the 500 handler.
/// </summary>
public sealed partial class RequestExceptionHandler(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var (error, status) = Map(httpContext, exception);
        if (error is null || httpContext.Response.HasStarted)
        {
            return false;
        }

        await Problems.WriteAsync(httpContext, error, status);
        return true;
    }

    private (Error? Error, int? Status) Map(HttpContext http, Exception exception) => exception switch
    {
        BadHttpRequestException { InnerException: JsonException e } => (JsonProblems.Describe(e, BodyType(http), json.Value.SerializerOptions), null),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (JsonProblems.TooLarge(http.Request.ContentLength, http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0), null),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } e =>
            (Error.Invalid($"{e.Message} Send the body as application/json."), StatusCodes.Status415UnsupportedMediaType),
        BadHttpRequestException e => (Binding(e.Message), e.StatusCode is >= 400 and < 500 ? e.StatusCode : null),
        FieldTooLongException e => (new Error(ErrorCode.InvalidArgument, e.Message, new Dictionary<string, string[]> { [e.Field] = [$"at most {e.MaxLength} characters (got {e.Length})"] }), null),
        IOException or InvalidDataException when exception.Source is "Microsoft.AspNetCore.WebUtilities" or "Microsoft.AspNetCore.Http" =>
            (Error.Invalid($"The multipart body is incomplete or malformed (was the upload cut short?): {exception.Message}"), null),
        _ => (null, null),
    };

    /// <summary>The bound body's type; the exception handler has cleared the endpoint, its feature keeps it.</summary>
    private static Type? BodyType(HttpContext http) =>
        (http.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint())?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;

    /// <summary>The framework's binding messages, with the parameter named under <c>errors</c>.</summary>
    private static Error Binding(string message)
    {
        if (message.Contains("no body was provided", StringComparison.Ordinal) || message.Contains("was not provided from body", StringComparison.Ordinal))
        {
            return new Error(ErrorCode.InvalidArgument, "A JSON request body is required; none was sent.", new Dictionary<string, string[]> { ["$"] = ["a JSON body is required"] });
        }

        var parameter = ParameterName().Match(message);
        return parameter.Success
            ? new Error(ErrorCode.InvalidArgument, message, new Dictionary<string, string[]> { [parameter.Groups["name"].Value] = [message] })
            : Error.Invalid(message);
    }

    [GeneratedRegex("""parameter "[^"]*? (?<name>[\w.]+)" """, RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();
}
