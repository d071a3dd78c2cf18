using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace MlOpsPortal.Web.Components.Pickers;

/// <summary>What a <see cref="NamePicker"/> offers.</summary>
public enum NameKind
{
    /// <summary>Registered model names.</summary>
    Model,

    /// <summary>Dataset names ("its newest version") and, under each, <c>name@vN</c> for a fixed version.</summary>
    DatasetOrVersion,
}

/// <summary>
/// Type-to-search for fields that hold a name rather than a version: a recipe's champion model, a policy's holdout
/// dataset (a name means "the newest evaluation on it", <c>name@vN</c> one version). Free text stays allowed.
/// </summary>
public sealed partial class NamePicker
{
    private readonly Dictionary<string, string> _details = new(StringComparer.Ordinal);

    [Parameter]
    public NameKind Kind { get; set; }

    private async Task<IEnumerable<string>> SearchAsync(string? text, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Cancellation);
        var typed = (text ?? string.Empty).Split('@')[0].Trim();
        var names = Kind == NameKind.Model
            ? ModelNames(await Queries.SearchModelVersionsAsync(typed, linked.Token))
            : DatasetNames(await Queries.SearchDatasetVersionsAsync(typed, linked.Token));
        foreach (var (name, detail) in names)
        {
            _details[name] = detail;
        }

        return names.Select(n => n.Name);
    }

    /// <summary>Each model once, with how many versions the search saw.</summary>
    public static IReadOnlyList<(string Name, string Detail)> ModelNames(IEnumerable<ModelVersionOption> versions) =>
        versions.GroupBy(v => v.Ref.Name, StringComparer.Ordinal)
            .Select(g => (g.Key, string.Create(CultureInfo.InvariantCulture, $"newest v{g.Max(v => v.Ref.Version)}")))
            .ToList();

    /// <summary>Each dataset as its name ("newest version"), followed by <c>name@vN</c> for each of its versions, newest first.</summary>
    public static IReadOnlyList<(string Name, string Detail)> DatasetNames(IEnumerable<DatasetVersionOption> versions)
    {
        var result = new List<(string, string)>();
        foreach (var dataset in versions.GroupBy(v => v.Ref.Name, StringComparer.Ordinal))
        {
            result.Add((dataset.Key, "any version: the newest evaluation counts"));
            result.AddRange(dataset.OrderByDescending(v => v.Ref.Version).Select(v =>
                (string.Create(CultureInfo.InvariantCulture, $"{v.Ref.Name}@v{v.Ref.Version}"), string.Create(CultureInfo.InvariantCulture, $"{v.Rows:N0} rows"))));
        }

        return result;
    }
}
