using System.Text.Json.Serialization;

namespace MlOpsPortal.Application.Datasets;

/// <summary>Logical column types; serialized in lowercase (<c>numeric</c>, <c>categorical</c>, <c>boolean</c>, <c>datetime</c>, <c>text</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ColumnType>))]
public enum ColumnType
{
    [JsonStringEnumMemberName("numeric")]
    Numeric,

    [JsonStringEnumMemberName("categorical")]
    Categorical,

    [JsonStringEnumMemberName("boolean")]
    Boolean,

    [JsonStringEnumMemberName("datetime")]
    DateTime,

    [JsonStringEnumMemberName("text")]
    Text,
}

/// <summary>
/// A column's name and (inferred or user-corrected) type: the shape the REST API returns. <see cref="Pii"/> (<c>{"kind","share"}</c>)
/// is set on a version's columns once its profile found personal data in them; it is not part of what is stored or hashed.
/// </summary>
public sealed record ColumnSchema(
    string Name,
    ColumnType Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Quality.PiiInfo? Pii = null);

/// <summary>Everything a later pass needs to read a stored CSV file: its format and its column types.</summary>
public sealed record DatasetSchema(CsvFormat Format, IReadOnlyList<ColumnSchema> Columns);
