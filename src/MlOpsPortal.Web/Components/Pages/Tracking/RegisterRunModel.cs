namespace MlOpsPortal.Web.Components.Pages.Tracking;

/// <summary>What the register dialog asks for: the run's model goes into an existing registered model or a new one.</summary>
public sealed record RegisterRunRequest(string RunId, string Model, bool CreateModel);

/// <summary>The version a registration created; the snackbar links to it.</summary>
public sealed record RegisteredVersion(string Model, int Version)
{
    public string Href => $"/models/{Uri.EscapeDataString(Model)}/versions/{Version}";
}

/// <summary>The register dialog's form: which model, validated in the user's words before anything is sent.</summary>
public sealed class RegisterRunModel
{
    public const string ExistingMode = "existing";
    public const string NewMode = "new";

    public string Mode { get; set; } = ExistingMode;

    public string? ExistingModel { get; set; }

    public string NewModel { get; set; } = string.Empty;

    public bool CreateModel => Mode == NewMode;

    public string Target => (CreateModel ? NewModel : ExistingModel ?? string.Empty).Trim();

    /// <summary>Why the form cannot be sent yet, naming the field; null when it can.</summary>
    public string? Validate() => CreateModel
        ? string.IsNullOrWhiteSpace(NewModel) ? "Name the new model, e.g. churn." : null
        : string.IsNullOrWhiteSpace(ExistingModel) ? "Choose the model this run's version joins, or switch to \"New model\"." : null;

    public RegisterRunRequest ToRequest(string runId) => new(runId, Target, CreateModel);

    /// <summary>A suggested name for a new model: the experiment's name, in the registry's allowed characters.</summary>
    public static string SuggestName(string? experimentName) =>
        new string((experimentName ?? string.Empty).Trim().Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray()).Trim('-');
}
