using System.Globalization;
using MlOpsPortal.Application.Datasets;

namespace MlOpsPortal.Web.Components.Pickers;

/// <summary>A dataset version by name and number: what forms bind to and send to the API.</summary>
public sealed record DatasetVersionRef(string Name, int Version)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} v{Version}");
}

/// <summary>A registered model version by name and number.</summary>
public sealed record ModelVersionRef(string Name, int Version)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} v{Version}");
}

/// <summary>A dataset version offered by <see cref="DatasetVersionPicker"/>.</summary>
public sealed record DatasetVersionOption(DatasetVersionRef Ref, long Rows, DateTimeOffset CreatedAt);

/// <summary>A column of a dataset version's schema, with its profile figures when the profile is ready.</summary>
public sealed record ColumnOption(string Name, ColumnType Type, long? DistinctCount = null, double? MissingPercent = null);

/// <summary>A value of a column and how many rows hold it (from the version's profile).</summary>
public sealed record LabelValueOption(string Value, long Count);

/// <summary>A run offered by <see cref="RunPicker"/>: its name, experiment and headline metric.</summary>
public sealed record RunOption(string RunId, string RunName, string Experiment, string Status, string? MetricKey, double? MetricValue, DateTimeOffset StartTime);

/// <summary>A model version offered by <see cref="ModelVersionPicker"/>, with the aliases pointing at it.</summary>
public sealed record ModelVersionOption(ModelVersionRef Ref, string Status, IReadOnlyList<string> Aliases, string? RunId, DateTimeOffset CreatedAt);

/// <summary>An alias of a model: where it points today (null for a reserved alias not set yet) and whether promotion rules protect it.</summary>
public sealed record AliasOption(string Alias, int? Version, bool Protected);
