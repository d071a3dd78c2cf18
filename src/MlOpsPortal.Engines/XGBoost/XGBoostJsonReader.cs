using System.Globalization;
using System.Text.Json;

namespace MlOpsPortal.Engines.XGBoost;

/// <summary>Reads the value the reader is on (the start of an object or array, or a scalar) and leaves it on that value's last token.</summary>
internal delegate T JsonValueReader<out T>(ref Utf8JsonReader reader);

/// <summary>Reads the section the reader is on and leaves it on that section's last token.</summary>
internal delegate void JsonSectionReader(ref Utf8JsonReader reader);

/// <summary>Forward-only helpers over <see cref="Utf8JsonReader"/> for XGBoost's JSON model (object walks, typed arrays).</summary>
internal static class XGBoostJsonReader
{
    /// <summary>Moves to the next property of the current object: true on its name, false at the object's end.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.PropertyName => true,
            JsonTokenType.EndObject => false,
            _ => throw new FormatException($"Expected a property name, found {reader.TokenType}."),
        };
    }

    /// <summary>On a property called <paramref name="name"/>: moves to its value and returns true.</summary>
    public static bool Take(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (!reader.ValueTextEquals(name))
        {
            return false;
        }

        reader.Read();
        return true;
    }

    public static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type)
        {
            throw new FormatException($"{what} should be {(type == JsonTokenType.StartObject ? "an object" : "an array")}, not {reader.TokenType}.");
        }
    }

    public static T[] ReadArray<T>(ref Utf8JsonReader reader, string what, JsonValueReader<T> item)
    {
        Expect(ref reader, JsonTokenType.StartArray, what);
        var values = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(item(ref reader));
        }

        return [.. values];
    }

    public static int[] ReadInts(ref Utf8JsonReader reader, string what) => ReadArray(ref reader, what, ReadInt);

    public static float[] ReadFloats(ref Utf8JsonReader reader, string what) => ReadArray(ref reader, what, ReadFloat);

    /// <summary>A number, or a number written as a string (XGBoost writes model parameters as strings).</summary>
    public static int ReadInt(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? int.Parse(reader.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture) : reader.GetInt32();

    public static float ReadFloat(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? float.Parse(reader.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture) : reader.GetSingle();

    public static FormatException Missing(string path) => new($"'{path}' is missing.");
}
