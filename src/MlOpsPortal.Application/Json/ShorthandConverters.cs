using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOpsPortal.Application.Json;

/// <summary>
/// Reads a dataset version either as the object <c>{"name": "adult", "version": 3}</c> or as the shorthand string
/// <c>"adult@3"</c> (also <c>"adult@v3"</c>; dataset names cannot contain '@', so the split is unambiguous). Writes the object.
/// </summary>
public abstract class NameVersionConverter<T> : JsonConverter<T>
    where T : class
{
    public const string Expected = "an object {\"name\", \"version\"} or a \"name@version\" string such as \"adult@1\"";

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString() ?? string.Empty;
            var at = text.LastIndexOf('@');
            var number = at < 0 ? string.Empty : text[(at + 1)..].TrimStart('v', 'V');
            if (at <= 0 || !int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new JsonException($"expected {Expected}; \"{Shorten(text)}\" names no version");
            }

            return Create(text[..at].Trim(), version);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"expected {Expected}, got {ShorthandJson.Describe(reader.TokenType)}");
        }

        using var document = JsonDocument.ParseValue(ref reader);
        string? name = null;
        var versionNumber = 0;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.NameEquals("name") || property.Name.Equals("name", StringComparison.OrdinalIgnoreCase))
            {
                name = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null => null,
                    var kind => throw new JsonException($"\"name\" must be a string, got {ShorthandJson.Describe(kind)}"),
                };
            }
            else if (property.Name.Equals("version", StringComparison.OrdinalIgnoreCase))
            {
                versionNumber = property.Value.ValueKind switch
                {
                    JsonValueKind.Number when property.Value.TryGetInt32(out var n) => n,
                    JsonValueKind.String when int.TryParse(property.Value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) => s,
                    JsonValueKind.Null => 0,
                    var kind => throw new JsonException($"\"version\" must be an integer, got {ShorthandJson.Describe(kind)}"),
                };
            }
        }

        return Create(name!, versionNumber);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(options);
        var (name, version) = Parts(value);
        writer.WriteStartObject();
        writer.WriteString(options.PropertyNamingPolicy?.ConvertName("Name") ?? "Name", name);
        writer.WriteNumber(options.PropertyNamingPolicy?.ConvertName("Version") ?? "Version", version);
        writer.WriteEndObject();
    }

    protected abstract T Create(string name, int version);

    protected abstract (string Name, int Version) Parts(T value);

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;
}

/// <summary>Words for what a JSON token is, for the messages of the shorthand converters.</summary>
public static class ShorthandJson
{
    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
