namespace MlOpsPortal.Infrastructure.Inference;

/// <summary>Records a sample of online predictions; returns one id per row (null for a row not logged), or null when none is.</summary>
public interface IPredictionLog
{
    IReadOnlyList<Guid?>? Record(ServedModel model, ScoringTable inputs, IReadOnlyList<ScoredRow> outputs);
}
