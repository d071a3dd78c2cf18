using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MlOpsPortal.Infrastructure.Registry;

namespace MlOpsPortal.Web.Api.Registry;

/// <summary>MLflow JSON shapes (model_registry.proto) for registered models and versions, and the search filter subset.</summary>
public static partial class MlflowRegistryJson
{
    public static object Model(ModelDetail m) => new Dictionary<string, object?>
    {
        ["name"] = m.Name,
        ["creation_timestamp"] = m.CreatedAt.ToUnixTimeMilliseconds(),
        ["last_updated_timestamp"] = m.UpdatedAt.ToUnixTimeMilliseconds(),
        ["user_id"] = m.CreatedBy,
        ["description"] = m.Description ?? string.Empty,
        ["latest_versions"] = m.Versions.Take(1).Select(Version).ToList(),
        ["tags"] = m.Tags.Select(t => new { key = t.Key, value = t.Value }).ToList(),
        ["aliases"] = m.Aliases.Select(a => new { alias = a.Alias, version = a.Version.ToString(CultureInfo.InvariantCulture) }).ToList(),
    };

    public static object Version(VersionInfo v) => new Dictionary<string, object?>
    {
        ["name"] = v.Model,
        ["version"] = v.Version.ToString(CultureInfo.InvariantCulture),
        ["creation_timestamp"] = v.CreatedAt.ToUnixTimeMilliseconds(),
        ["last_updated_timestamp"] = v.UpdatedAt.ToUnixTimeMilliseconds(),
        ["user_id"] = v.CreatedBy,
        ["current_stage"] = "None",
        ["description"] = v.Description ?? string.Empty,
        ["source"] = v.Source ?? string.Empty,
        ["run_id"] = v.RunId ?? string.Empty,
        ["status"] = v.Status,
        ["status_message"] = v.StatusMessage ?? string.Empty,
        ["tags"] = v.Tags.Select(t => new { key = t.Key, value = t.Value }).ToList(),
        ["aliases"] = v.Aliases,
    };

    /// <summary>Parses <c>name = '…'</c>, <c>name LIKE/ILIKE '…'</c> and <c>run_id = '…'</c> clauses joined by AND.</summary>
    public static bool TryParseFilter(string? filter, IReadOnlyCollection<string> allowedKeys, out List<(string Key, string Op, string Value)> clauses, out string error)
    {
        clauses = [];
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(filter))
        {
            return true;
        }

        if (filter.Length > Domain.Tracking.TrackingLimits.MaxFilterLength)
        {
            error = $"Invalid filter: it is {filter.Length} characters long; the limit is {Domain.Tracking.TrackingLimits.MaxFilterLength} characters.";
            return false;
        }

        foreach (var part in AndSplit().Split(filter))
        {
            var m = Clause().Match(part);
            if (!m.Success)
            {
                error = $"Invalid filter clause '{part.Trim()}': expected <key> = '<value>' (keys: {string.Join(", ", allowedKeys)}; LIKE/ILIKE for name).";
                return false;
            }

            var key = m.Groups[1].Value.Trim('`', '"').ToLowerInvariant();
            if (!allowedKeys.Contains(key))
            {
                error = $"Invalid filter key '{key}'; supported: {string.Join(", ", allowedKeys)}.";
                return false;
            }

            clauses.Add((key, m.Groups[2].Value.ToUpperInvariant(), m.Groups[3].Value.Replace("''", "'", StringComparison.Ordinal)));
        }

        return true;
    }

    public static int Offset(string? pageToken)
    {
        if (string.IsNullOrEmpty(pageToken))
        {
            return 0;
        }

        try
        {
            return int.Parse(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(pageToken)), CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            return -1;
        }
    }

    public static string Token(int offset) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(offset.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The JSON object body (default when there is none); malformed JSON or a non-object is a 400 with the reason.</summary>
    public static async Task<JsonElement> BodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength is 0 || !(request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? request.ContentLength > 0))
        {
            return default;
        }

        JsonElement root;
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            // The exception handler answers INVALID_PARAMETER_VALUE naming the position (see RequestExceptionHandler).
            throw new BadHttpRequestException("The request body is not valid JSON.", StatusCodes.Status400BadRequest, e);
        }

        return root.ValueKind == JsonValueKind.Object
            ? root
            : throw new BadHttpRequestException($"The request body must be a JSON object, got {Application.Json.ShorthandJson.Describe(root.ValueKind)}.");
    }

    /// <summary>A string field from the JSON body, falling back to the query string (DELETE clients send either).</summary>
    public static string? Field(JsonElement body, HttpRequest request, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var p)
            ? (p.ValueKind == JsonValueKind.String ? p.GetString() : p.ValueKind is JsonValueKind.Number ? p.GetRawText() : null)
            : request.Query[name].FirstOrDefault();

    public static Dictionary<string, string>? Tags(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
            ? tags.EnumerateArray().Where(t => t.TryGetProperty("key", out _))
                .ToDictionary(t => t.GetProperty("key").GetString() ?? string.Empty, t => t.TryGetProperty("value", out var v) ? v.GetString() ?? string.Empty : string.Empty)
            : null;

    [GeneratedRegex(@"\s+AND\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AndSplit();

    [GeneratedRegex(@"^\s*([`""]?\w+[`""]?)\s*(=|LIKE|ILIKE)\s*'((?:[^']|'')*)'\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Clause();
}
