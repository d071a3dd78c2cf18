using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Api;

/// <summary>
/// The API contract (issue 17): the served OpenAPI document loads without errors in Microsoft.OpenApi's reader, and every
/// operation has an operation id, a documented success body and documented error bodies (ProblemDetails; MLflow's
/// {"error_code","message"} under /api/2.0/mlflow).
/// </summary>
public sealed class ApiContractTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    [Fact]
    public async Task ServedDocument_OpenApiReader_LoadsWithoutErrors()
    {
        var json = await ServedAsync();
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        var (document, diagnostic) = OpenApiDocument.Load(stream, "json");

        Assert.NotNull(document);
        Assert.True(diagnostic is not null && diagnostic.Errors.Count == 0, string.Join("\n", diagnostic?.Errors.Select(e => $"{e.Pointer}: {e.Message}") ?? []));
        var operations = document.Paths.Sum(p => p.Value.Operations?.Count ?? 0);
        Assert.Equal(Operations(JsonNode.Parse(json)!).Count(), operations);
    }

    [Fact]
    public async Task ServedDocument_EveryOperation_HasIdSuccessSchemaAndErrorSchema()
    {
        var doc = JsonNode.Parse(await ServedAsync())!;
        var failures = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, method, op) in Operations(doc))
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            var id = op["operationId"]?.GetValue<string>();
            if (string.IsNullOrEmpty(id) || !char.IsLower(id[0]) || !ids.Add(id))
            {
                failures.Add($"{where}: operationId '{id}' is missing, not camelCase or not unique");
            }

            var responses = op["responses"]!.AsObject();
            var success = responses.Where(r => r.Key.StartsWith('2')).ToList();
            if (!success.Any(r => r.Key is "202" or "204" || HasSchema(r.Value)))
            {
                failures.Add($"{where}: no 2xx response with a schema ({string.Join(", ", responses.Select(r => r.Key))})");
            }

            var mlflow = path.StartsWith("/api/2.0/mlflow", StringComparison.Ordinal);
            var (mediaType, schema) = mlflow ? ("application/json", "MlflowError") : ("application/problem+json", "ProblemDetails");
            foreach (var status in new[] { "400", "401", "403", "500" })
            {
                if (SchemaRef(responses[status], mediaType) != "#/components/schemas/" + schema)
                {
                    failures.Add($"{where}: {status} is not documented as {mediaType} {schema}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task ServedDocument_ProblemAndMlflowErrorSchemas_NameTheFieldsClientsRead()
    {
        var schemas = JsonNode.Parse(await ServedAsync())!["components"]!["schemas"]!;
        var problem = schemas["ProblemDetails"]!["properties"]!.AsObject();
        foreach (var field in new[] { "type", "title", "status", "detail", "instance" })
        {
            Assert.True(problem.ContainsKey(field), $"ProblemDetails lacks '{field}'");
        }

        var mlflow = schemas["MlflowError"]!["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);
        Assert.Equal(["error_code", "message"], mlflow);
    }

    [Fact]
    public async Task MlflowRegistry_RealResponses_CarryTheDocumentedFields()
    {
        var schemas = JsonNode.Parse(await ServedAsync())!["components"]!["schemas"]!;
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using var created = await client.PostAsJsonAsync("api/2.0/mlflow/registered-models/create", new { name = "contract-model", description = "d" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var model = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["registered_model"]!.AsObject();
        Assert.Equal(Properties(schemas["MlflowRegisteredModel"]!), model.Select(p => p.Key).Order(StringComparer.Ordinal));

        using var missing = await client.GetAsync("api/2.0/mlflow/registered-models/get?name=no-such-model");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var error = JsonNode.Parse(await missing.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(Properties(schemas["MlflowError"]!), error.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", error["error_code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task MlflowEndpoint_DocumentedJsonBodySentAsOtherContentType_IsStillAccepted(string contentType)
    {
        // The documented request body (Accepts metadata) must not make routing refuse what the handler reads as JSON.
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using var content = new StringContent($$"""{"name": "curl-style-{{contentType.Length}}"}""", System.Text.Encoding.UTF8, contentType);
        using var response = await client.PostAsync("api/2.0/mlflow/experiments/create", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        Assert.NotNull(JsonNode.Parse(body)!["experiment_id"]);
    }

    private static IEnumerable<string> Properties(JsonNode schema) =>
        schema["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);

    private static IEnumerable<(string Path, string Method, JsonNode Operation)> Operations(JsonNode doc) =>
        doc["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()
            .Where(m => Methods.Contains(m.Key))
            .Select(m => (p.Key, m.Key, m.Value!)));

    private static bool HasSchema(JsonNode? response) =>
        response?["content"]?.AsObject().Any(c => c.Value?["schema"] is not null) == true;

    private static string? SchemaRef(JsonNode? response, string mediaType) =>
        response?["content"]?[mediaType]?["schema"]?["$ref"]?.GetValue<string>();

    private async Task<string> ServedAsync()
    {
        using var client = app.CreateClient();
        return await client.GetStringAsync("api/openapi/v1.json");
    }
}
