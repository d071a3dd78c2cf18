using MlOpsPortal.Domain.Common;
using MlOpsPortal.Web.Api.Mlflow;

namespace MlOpsPortal.Web.Api.Registry;

/// <summary>MLflow's error shape for the registry endpoints; the shape itself is built in <see cref="MlflowErrors"/>.</summary>
public static class MlflowRegistryErrors
{
    public static IResult From(Error error) => MlflowErrors.Fail(error);

    public static IResult Invalid(string message) => MlflowErrors.Invalid(message);

    public static IResult ToMlflow<T>(this Result<T> result, Func<T, object> ok) =>
        result.IsSuccess ? Results.Json(ok(result.Value)) : From(result.Error);
}
