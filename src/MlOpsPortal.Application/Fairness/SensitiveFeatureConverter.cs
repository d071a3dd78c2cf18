using System.Text.Json;
using System.Text.Json.Serialization;
using MlOpsPortal.Application.Json;

namespace MlOpsPortal.Application.Fairness;

/// <summary>
/// Reads a sensitive feature as a plain column name (<c>"race"</c>) or as an object <c>{"name": "age", "edges": [25, 45]}</c>;
/// <c>"column"</c> is accepted for <c>"name"</c>. Writes the object.
/// </summary>
public sealed class SensitiveFeatureConverter : JsonConverter<SensitiveFeatureSpec>
{
    public const string Expected = "a column name such as \"race\", or an object {\"name\", \"edges\"} such as {\"name\": \"age\", \"edges\": [25, 45]}";

    public override SensitiveFeatureSpec? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var column = reader.GetString();
            return string.IsNullOrWhiteSpace(column) ? throw new JsonException($"expected {Expected}, got an empty name") : new SensitiveFeatureSpec(column);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"expected {Expected}, got {ShorthandJson.Describe(reader.TokenType)}");
        }

        using var document = JsonDocument.ParseValue(ref reader);
        string? name = null;
        List<double>? edges = null;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name.Equals("name", StringComparison.OrdinalIgnoreCase) || property.Name.Equals("column", StringComparison.OrdinalIgnoreCase))
            {
                name = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()
                    : throw new JsonException($"\"{property.Name}\" must be a column name string, got {ShorthandJson.Describe(property.Value.ValueKind)}");
            }
            else if (property.Name.Equals("edges", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind != JsonValueKind.Null)
            {
                edges = property.Value.ValueKind == JsonValueKind.Array && property.Value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number)
                    ? [.. property.Value.EnumerateArray().Select(e => e.GetDouble())]
                    : throw new JsonException("\"edges\" must be an array of numbers (ascending bin edges such as [25, 45])");
            }
        }

        return string.IsNullOrWhiteSpace(name)
            ? throw new JsonException($"a sensitive feature needs its column in \"name\": {Expected}")
            : new SensitiveFeatureSpec(name, edges);
    }

    public override void Write(Utf8JsonWriter writer, SensitiveFeatureSpec value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        writer.WriteStartObject();
        writer.WriteString(options.PropertyNamingPolicy?.ConvertName("Name") ?? "Name", value.Name);
        if (value.Edges is not null || options.DefaultIgnoreCondition == JsonIgnoreCondition.Never)
        {
            writer.WritePropertyName(options.PropertyNamingPolicy?.ConvertName("Edges") ?? "Edges");
            JsonSerializer.Serialize(writer, value.Edges, options);
        }

        writer.WriteEndObject();
    }
}

/// <summary>Reads <c>{"name", "version"}</c> or <c>"name@version"</c>; see <see cref="NameVersionConverter{T}"/>.</summary>
public sealed class DatasetVersionRefConverter : NameVersionConverter<DatasetVersionRef>
{
    protected override DatasetVersionRef Create(string name, int version) => new(name, version);

    protected override (string Name, int Version) Parts(DatasetVersionRef value) => (value.Name, value.Version);
}
