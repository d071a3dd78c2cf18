using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.TestSupport.Web;
using Xunit.Abstractions;

namespace MlOpsPortal.Web.Tests.Api;

/// <summary>
/// Walks every mapped API endpoint that takes a request body and sends it text that is not JSON and JSON of the wrong
/// type, as a signed-in Admin with a token: no answer may be a 500 or a 4xx without a reason.
/// </summary>
public sealed class EndpointBodyWalkTests(PortalApp app, ITestOutputHelper output) : IClassFixture<PortalApp>
{
    private static readonly string[] BodyMethods = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch];

    /// <summary>The bodies sent; an empty object may be valid (every member optional), the others never are.</summary>
    private static readonly (string Name, string Body, bool MayBeValid)[] BadBodies =
    [
        ("not JSON", "this is not JSON {", false),
        ("a number", "42", false),
        ("an array", "[1, 2, 3]", false),
        ("an empty object", "{}", true),
    ];

    [Fact]
    public async Task EveryBodyEndpoint_NonJsonWrongTypedOrEmptyBody_4xxWithReasonNever500()
    {
        var endpoints = BodyEndpoints().ToList();
        Assert.True(endpoints.Count > 30, $"only {endpoints.Count} endpoints with a body found");
        Assert.Contains(endpoints, e => e.Path == "/api/v1/fairness/reports" && e.DeclaresBody);
        Assert.Contains(endpoints, e => e.Path.StartsWith("/api/2.0/mlflow/runs/", StringComparison.Ordinal));

        using var client = app.CreateClient(await app.AdminTokenAsync());
        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            foreach (var (name, body, mayBeValid) in BadBodies)
            {
                using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Path.TrimStart('/'))
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                using var response = await client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var verdict = Judge(endpoint, response, text, mayBeValid);
                output.WriteLine($"{endpoint.Method} {endpoint.Path} ({name}) → {(int)response.StatusCode} {Shorten(text)}");
                if (verdict is not null)
                {
                    failures.Add($"{endpoint.Method} {endpoint.Path} with {name}: {verdict} — {(int)response.StatusCode} {response.Content.Headers.ContentType} {Shorten(text)}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Null when the answer is acceptable; otherwise what is wrong with it.</summary>
    private static string? Judge(BodyEndpoint endpoint, HttpResponseMessage response, string text, bool mayBeValid)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return "server error";
        }

        if (status < 400)
        {
            return endpoint.DeclaresBody && !mayBeValid ? "a JSON body of the wrong shape was accepted" : null;
        }

        JsonElement json;
        try
        {
            json = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException)
        {
            return "the error is not JSON";
        }

        if (endpoint.Path.StartsWith("/api/2.0/mlflow", StringComparison.Ordinal))
        {
            return json.ValueKind == JsonValueKind.Object
                && json.TryGetProperty("error_code", out var code) && code.GetString() is { Length: > 0 }
                && json.TryGetProperty("message", out var message) && message.GetString() is { Length: > 0 }
                ? null
                : "not MLflow's {error_code, message}";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return "not application/problem+json";
        }

        var hasDetail = json.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 };
        var hasErrors = json.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object && errors.EnumerateObject().Any();
        return hasDetail || hasErrors ? null : "a problem without detail or errors";
    }

    /// <summary>POST/PUT/PATCH endpoints under /api that declare a body, plus every MLflow route (they read JSON bodies themselves).</summary>
    private IEnumerable<BodyEndpoint> BodyEndpoints()
    {
        var source = app.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern;
            var raw = "/" + (pattern.RawText ?? string.Empty).TrimStart('/');
            if (!raw.StartsWith("/api/", StringComparison.Ordinal))
            {
                continue;
            }

            var declaresBody = endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: not null } accepts
                && accepts.ContentTypes.Any(c => c.Contains("json", StringComparison.OrdinalIgnoreCase));
            var mlflow = raw.StartsWith("/api/2.0/mlflow", StringComparison.Ordinal);
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
            {
                if (BodyMethods.Contains(method) || (mlflow && method == HttpMethods.Delete))
                {
                    yield return new BodyEndpoint(method, Fill(pattern), declaresBody);
                }
            }
        }
    }

    /// <summary>The route with plausible values: a fresh GUID, 1 for numbers, a short name otherwise.</summary>
    private static string Fill(RoutePattern pattern)
    {
        var segments = new List<string>();
        foreach (var segment in pattern.PathSegments)
        {
            var text = new StringBuilder();
            foreach (var part in segment.Parts)
            {
                text.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => Value(parameter),
                    _ => string.Empty,
                });
            }

            segments.Add(text.ToString());
        }

        return "/" + string.Join('/', segments);
    }

    private static string Value(RoutePatternParameterPart parameter)
    {
        var constraints = parameter.ParameterPolicies.Select(p => p.Content ?? string.Empty).ToList();
        return constraints.Contains("guid") ? Guid.NewGuid().ToString()
            : constraints.Any(c => c is "int" or "long" or "min(1)") ? "1"
            : parameter.IsCatchAll ? "walk/file.txt"
            : "walk1";
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private sealed record BodyEndpoint(string Method, string Path, bool DeclaresBody);
}
