using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MlOpsPortal.Web.Hosting;

/// <summary>
/// The served OpenAPI document (/api/openapi/v1.json, committed as docs/openapi.json): its title, the two ways to
/// authenticate (a personal access token as a bearer token, or the sign-in cookie), inline schemas for anonymous
/// response types (their generated names are not valid component keys), snake_case property names for the MLflow
/// tracking records (MlflowJson writes and reads them with its own snake_case options), and plain numbers: the
/// server writes numbers as JSON numbers, so the "or a numeric string" alternative that lenient reading adds is left out
/// (generated clients would otherwise type them as strings), and NaN/±Infinity metric values are described, not typed.
/// </summary>
public static class OpenApiSetup
{
    public const string BearerScheme = "bearer";
    public const string CookieScheme = "cookie";

    private static readonly string MlflowNamespace = typeof(MlOpsPortal.Web.Api.Mlflow.MlflowRun).Namespace!;

    public static void Configure(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.CreateSchemaReferenceId = type =>
            type.Type.Name.Contains("AnonymousType", StringComparison.Ordinal) ? null : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "MlOpsPortal API";
            document.Info.Description =
                "The portal's REST API (/api/v1) and its MLflow-compatible registry API (/api/2.0/mlflow). Send a personal access token " +
                "(`Authorization: Bearer mlp_...`, from POST /api/v1/auth/tokens or the user menu) or use the sign-in cookie. Errors are " +
                "application/problem+json ProblemDetails; the MLflow endpoints answer MLflow's {\"error_code\", \"message\"}.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A personal access token (mlp_...) with the scopes the operation needs: read, write or score.",
            };
            document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = "MlOpsPortal.Auth",
                Description = "The browser's sign-in cookie (/account/login).",
            };
            document.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, document)] = [] },
            ];
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, _, _) =>
        {
            PlainNumbers(schema);
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type.Namespace == MlflowNamespace && schema.Properties is { Count: > 0 } properties)
            {
                var renamed = properties.ToDictionary(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Key), p => p.Value, StringComparer.Ordinal);
                properties.Clear();
                foreach (var (name, property) in renamed)
                {
                    properties[name] = property;
                }

                if (schema.Required is { Count: > 0 } required)
                {
                    var names = required.Select(JsonNamingPolicy.SnakeCaseLower.ConvertName).ToList();
                    required.Clear();
                    required.UnionWith(names);
                }
            }

            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            // Anonymous operations (token creation with email + password) need no credentials.
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security = [];
            }

            return Task.CompletedTask;
        });
    }

    private static void PlainNumbers(OpenApiSchema schema)
    {
        const JsonSchemaType numeric = JsonSchemaType.Integer | JsonSchemaType.Number;
        if (schema.Type is { } type && (type & numeric) != 0 && (type & JsonSchemaType.String) != 0)
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        if (schema.Type == JsonSchemaType.Object && schema.Format == "double" && schema.AnyOf is { Count: > 0 })
        {
            // A double that may be NaN or ±Infinity (written as those strings): anyOf [number, enum] under a spurious "object".
            schema.Type = JsonSchemaType.Number;
            schema.AnyOf = null;
            schema.Description ??= "A double; NaN, Infinity and -Infinity are written as those strings.";
        }
    }
}
