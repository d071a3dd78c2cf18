using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using MlOpsPortal.Application.Fairness;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Web.Api;

/// <summary>
/// The OpenAPI schemas of the request types read by shorthand converters (a custom converter leaves the generated schema
/// empty): a dataset version is <c>{"name", "version"}</c> or <c>"name@version"</c>; a sensitive feature is a column name
/// or <c>{"name", "edges"}</c>.
/// </summary>
internal static class ShorthandSchemas
{
    public static IServiceCollection AddRequestShorthandSchemas(this IServiceCollection services) =>
        services.Configure<OpenApiOptions>("v1", o => o.AddSchemaTransformer(TransformAsync));

    private static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var info = context.JsonTypeInfo;
        if (Shorthand(info.Type) is { } shorthand)
        {
            schema.Description = shorthand.Description;
            schema.Type = null;
            schema.OneOf = context.JsonPropertyInfo is { IsSetNullable: true }
                ? [new OpenApiSchema { Type = JsonSchemaType.Null }, .. shorthand.OneOf!]
                : shorthand.OneOf;
        }
        else if (info.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Enumerable && info.ElementType is { } element && Shorthand(element) is { } item)
        {
            schema.Items = item;
        }

        return Task.CompletedTask;
    }

    /// <summary>A fresh schema for a shorthand-read type, or null for any other type.</summary>
    private static OpenApiSchema? Shorthand(Type type)
    {
        if (type == typeof(DatasetRef) || type == typeof(DatasetVersionRef))
        {
            return OneOf(
                "A dataset version: {\"name\": \"adult\", \"version\": 1} or the shorthand \"adult@1\".",
                new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[A-Za-z0-9][A-Za-z0-9._-]*@[vV]?[0-9]+$" },
                Object(("name", new OpenApiSchema { Type = JsonSchemaType.String }), ("version", new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" })));
        }

        return type == typeof(SensitiveFeatureSpec)
            ? OneOf(
                "A sensitive feature: a column name (\"race\") or {\"name\": \"age\", \"edges\": [25, 45]} (\"column\" is accepted for \"name\").",
                new OpenApiSchema { Type = JsonSchemaType.String },
                Object(("name", new OpenApiSchema { Type = JsonSchemaType.String }), ("edges", new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double" } })))
            : null;
    }

    private static OpenApiSchema OneOf(string description, OpenApiSchema text, OpenApiSchema value) =>
        new() { Description = description, OneOf = [text, value] };

    private static OpenApiSchema Object(params (string Name, OpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Properties = properties.ToDictionary(p => p.Name, p => (IOpenApiSchema)p.Schema),
        Required = new HashSet<string>(properties.Take(1).Select(p => p.Name)),
    };
}
