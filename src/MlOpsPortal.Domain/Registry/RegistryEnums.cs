using System.Text.Json.Serialization;
namespace MlOpsPortal.Domain.Registry;

/// <summary>MLflow's model version status.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelVersionStatus>))]
public enum ModelVersionStatus
{
    PendingRegistration,
    Ready,
    FailedRegistration,
}

public static class ModelVersionStatusNames
{
    public static string ToMlflow(this ModelVersionStatus status) => status switch
    {
        ModelVersionStatus.PendingRegistration => "PENDING_REGISTRATION",
        ModelVersionStatus.FailedRegistration => "FAILED_REGISTRATION",
        _ => "READY",
    };
}

/// <summary>Model card lifecycle: Draft → PendingReview → Approved → Archived (a reviewer may send a card back to Draft).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelCardStatus>))]
public enum ModelCardStatus
{
    Draft,
    PendingReview,
    Approved,
    Archived,
}

public static class ModelCardLifecycle
{
    public static bool CanMove(ModelCardStatus from, ModelCardStatus to) => (from, to) switch
    {
        (ModelCardStatus.Draft, ModelCardStatus.PendingReview) => true,
        (ModelCardStatus.PendingReview, ModelCardStatus.Approved) => true,
        (ModelCardStatus.PendingReview, ModelCardStatus.Draft) => true,
        (ModelCardStatus.Approved, ModelCardStatus.Archived) => true,
        (ModelCardStatus.Draft, ModelCardStatus.Archived) => true,
        _ => false,
    };

    /// <summary>Approving a card is a review: only an Approver may do it, and not the person who submitted it.</summary>
    public static bool NeedsReviewer(ModelCardStatus to) => to == ModelCardStatus.Approved;
}

/// <summary>The sections of a model card, in display order.</summary>
public static class ModelCardSections
{
    public static readonly IReadOnlyList<(string Key, string Title)> All =
    [
        ("overview", "Overview"),
        ("intended_use", "Intended use"),
        ("out_of_scope_use", "Out-of-scope use"),
        ("training_data", "Training data"),
        ("evaluation_results", "Evaluation results"),
        ("fairness_considerations", "Fairness considerations"),
        ("limitations", "Limitations"),
        ("ethical_considerations", "Ethical considerations"),
        ("owners", "Owners"),
    ];

    public static bool IsKnown(string key) => All.Any(s => s.Key == key);
}

/// <summary>Lifecycle of a promotion request.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PromotionRequestState>))]
public enum PromotionRequestState
{
    Open,
    Approved,
    Rejected,
    Expired,
    Cancelled,
}

/// <summary>Event names for notifications and webhooks.</summary>
public static class RegistryEvents
{
    public const string RegisteredModelCreated = "registered_model.created";
    public const string ModelVersionCreated = "model_version.created";
    public const string PromotionRequestCreated = "promotion_request.created";
    public const string PromotionRequestApproved = "promotion_request.approved";
    public const string PromotionRequestRejected = "promotion_request.rejected";
    public const string PromotionRequestExpired = "promotion_request.expired";
    public const string AliasMoved = "alias.moved";
    public const string MonitoringAlert = "monitoring.alert";

    public static readonly IReadOnlyList<string> All =
    [
        RegisteredModelCreated, ModelVersionCreated, PromotionRequestCreated, PromotionRequestApproved,
        PromotionRequestRejected, PromotionRequestExpired, AliasMoved, MonitoringAlert,
    ];
}
