using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Tracking.Artifacts;

/// <summary>
/// The files a training job keeps for its run, shown in the run's artifact listing at fixed paths: the model package
/// (a blob in the artifact store) and the JSON documents held in <c>trained_models</c> (feature importance, evaluation
/// data, per-round history). These paths are reserved: a client cannot log a file over them.
/// </summary>
internal static class TrainingRunArtifacts
{
    public const string PackagePath = "model/package.zip";
    public const string FeatureImportancePath = "feature_importance.json";
    public const string EvaluationPath = "evaluation.json";
    public const string HistoryPath = "training_history.json";

    public static readonly IReadOnlyList<string> Paths = [PackagePath, FeatureImportancePath, EvaluationPath, HistoryPath];

    /// <summary>One training file: a stored blob (<see cref="Content"/> null) or an inline JSON document.</summary>
    public sealed record File(string Path, string Sha256, long SizeBytes, byte[]? Content, DateTimeOffset CreatedAt);

    public static async Task<IReadOnlyList<File>> LoadAsync(PortalDbContext db, Guid runId, CancellationToken cancellationToken)
    {
        var apiId = runId.ToApiId();
        var row = await db.TrainedModels.AsNoTracking().Where(m => m.RunId == apiId)
            .Select(m => new { m.PackageSha256, m.PackageSizeBytes, m.FeatureImportance, m.Evaluation, m.History, m.CreatedAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return [];
        }

        return
        [
            Json(EvaluationPath, row.Evaluation, row.CreatedAt),
            Json(FeatureImportancePath, row.FeatureImportance, row.CreatedAt),
            new File(PackagePath, row.PackageSha256, row.PackageSizeBytes, null, row.CreatedAt),
            Json(HistoryPath, row.History, row.CreatedAt),
        ];
    }

    private static File Json(string path, string json, DateTimeOffset createdAt)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        return new File(path, Sha256Hex.Format(SHA256.HashData(bytes)), bytes.Length, bytes, createdAt);
    }
}
