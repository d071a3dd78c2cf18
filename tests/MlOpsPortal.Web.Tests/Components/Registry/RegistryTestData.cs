using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Registry;

namespace MlOpsPortal.Web.Tests.Components.Registry;

internal static class RegistryTestData
{
    public static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    public static readonly RegistryCaller Approver = new("u-approver", "approver@test.local", IsAdmin: false, IsApprover: true, CanWrite: false);

    public static readonly RegistryCaller Scientist = new("u-ds", "ds@test.local", IsAdmin: false, IsApprover: false, CanWrite: true);

    public static GateResult Gate(GateKind kind, GateOutcome outcome, bool blocking, string summary = "summary") => new(kind, outcome, blocking, summary, []);

    public static PromotionRequestInfo Request(
        IReadOnlyList<GateResult>? gates = null,
        string requestedBy = "ds@test.local",
        PromotionRequestState state = PromotionRequestState.Open,
        bool canDecide = true,
        IReadOnlyList<DecisionInfo>? decisions = null,
        DateTimeOffset? expiresAt = null) =>
        new(Guid.NewGuid(), "adult-income-classifier-with-a-very-long-name", 3, "production", state, "Better AUC.", requestedBy,
            Now.AddHours(-5), expiresAt ?? Now.AddDays(6), null, 2, 1, decisions?.Count(d => d.Kind == "approve") ?? 0,
            gates ?? [Gate(GateKind.ModelCard, GateOutcome.Passed, blocking: true)], decisions ?? [], canDecide);
}
