using MlOpsPortal.Application.Fairness;

namespace MlOpsPortal.Web.Components.Pages.Fairness;

/// <summary>
/// The fairness report creation form: what the user chose, validation in the user's words (keyed by the form's field), and
/// the request the REST endpoint would receive. Server-side problems (keyed by the API's field names) map back onto fields.
/// </summary>
public sealed class FairnessFormModel
{
    public const string DatasetField = "dataset";
    public const string ModelField = "model";
    public const string LabelField = "label";
    public const string PositiveField = "positiveLabel";
    public const string FeaturesField = "sensitiveFeatures";
    public const string PredictionField = "prediction";
    public const string ResamplesField = "bootstrapResamples";

    public string? DatasetName { get; set; }

    public int? DatasetVersion { get; set; }

    public string? ModelName { get; set; }

    public int? ModelVersion { get; set; }

    /// <summary>Read predictions from a column of the dataset instead of scoring it with a model.</summary>
    public bool UsePredictionColumn { get; set; }

    public string? PredictionColumn { get; set; }

    public string? Label { get; set; }

    public string? PositiveClass { get; set; }

    public List<string> SensitiveFeatures { get; } = [];

    public int BootstrapResamples { get; set; } = 200;

    public bool Intersectional { get; set; } = true;

    /// <summary>Problems by field, in the user's words; empty when the form can be sent.</summary>
    public IReadOnlyDictionary<string, string> Validate()
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(DatasetName) || DatasetVersion is null)
        {
            problems[DatasetField] = "Choose the dataset version to check: it must hold the true outcome and the sensitive features.";
        }

        if (UsePredictionColumn)
        {
            if (string.IsNullOrWhiteSpace(PredictionColumn))
            {
                problems[PredictionField] = "Choose the column that holds the model's predictions.";
            }
            else if (PredictionColumn == Label)
            {
                problems[PredictionField] = "The prediction column must differ from the outcome column.";
            }
        }
        else if (string.IsNullOrWhiteSpace(ModelName) || ModelVersion is null)
        {
            problems[ModelField] = "Choose the model version whose predictions are checked (or use a prediction column under Advanced).";
        }

        if (string.IsNullOrWhiteSpace(Label))
        {
            problems[LabelField] = "Choose the column that holds the true outcome.";
        }

        if (string.IsNullOrWhiteSpace(PositiveClass))
        {
            problems[PositiveField] = string.IsNullOrWhiteSpace(Label)
                ? "Choose the outcome column first, then which of its values is the favourable outcome."
                : $"Choose which value of {Label} is the favourable outcome (e.g. approved, >50K).";
        }

        if (SensitiveFeatures.Count == 0)
        {
            problems[FeaturesField] = "Choose at least one sensitive feature, such as sex or race.";
        }
        else if (Label is not null && SensitiveFeatures.Contains(Label, StringComparer.Ordinal))
        {
            problems[FeaturesField] = $"{Label} is the outcome column; it cannot also be a sensitive feature.";
        }

        if (BootstrapResamples is < 0 or > 2000)
        {
            problems[ResamplesField] = "Use between 0 (no intervals) and 2,000 bootstrap resamples.";
        }

        return problems;
    }

    public FairnessReportRequest ToRequest() => new(
        new DatasetVersionRef(DatasetName!, DatasetVersion!.Value),
        Label,
        PositiveClass,
        SensitiveFeatures.Select(f => new SensitiveFeatureSpec(f)).ToList(),
        Prediction: UsePredictionColumn ? PredictionColumn : null,
        Intersectional: Intersectional,
        BootstrapResamples: BootstrapResamples,
        Model: UsePredictionColumn ? null : new ModelVersionRef(ModelName!, ModelVersion!.Value));

    /// <summary>A server problem's field (the API's name) as the form's field; unknown names fall on the dataset.</summary>
    public static string FieldOf(string apiField) => apiField switch
    {
        "model" => ModelField,
        "label" => LabelField,
        "positiveLabel" or "negativeLabel" => PositiveField,
        "sensitiveFeatures" or "privilegedGroups" => FeaturesField,
        "prediction" or "score" or "threshold" => PredictionField,
        "bootstrapResamples" => ResamplesField,
        _ => DatasetField,
    };
}
