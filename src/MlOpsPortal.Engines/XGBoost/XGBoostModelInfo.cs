using System.Globalization;
using System.Text.Json;

namespace MlOpsPortal.Engines.XGBoost;

/// <summary>The facts of a native model read from its JSON (<c>learner</c> section).</summary>
public sealed record XGBoostModelInfo(
    XGBoostBoosterKind Booster,
    XGBoostObjective Objective,
    int ClassCount,
    int FeatureCount,
    float BaseScore,
    Version? XGBoostVersion)
{
    /// <summary>Output groups of the model: the class count for multi:softprob, else 1.</summary>
    public int Groups => Objective == XGBoostObjective.MultiSoftprob ? ClassCount : 1;

    /// <exception cref="XGBoostException">The JSON is not an XGBoost model.</exception>
    public static XGBoostModelInfo Parse(JsonElement root)
    {
        try
        {
            var learner = root.GetProperty("learner");
            var param = learner.GetProperty("learner_model_param");
            Version? version = null;
            if (root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 3)
            {
                version = new Version(v[0].GetInt32(), v[1].GetInt32(), v[2].GetInt32());
            }

            return Create(
                learner.GetProperty("objective").GetProperty("name").GetString()!,
                learner.GetProperty("gradient_booster").GetProperty("name").GetString()!,
                ReadInt(param.GetProperty("num_class")),
                ReadInt(param.GetProperty("num_feature")),
                float.Parse(param.GetProperty("base_score").GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
                version);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new XGBoostException("The model JSON is not a supported XGBoost model: " + ex.Message, ex);
        }
    }

    /// <summary>The facts from the learner section's raw values (native objective and booster names, num_class as written).</summary>
    /// <exception cref="XGBoostException">The objective or booster is not one this portal trains.</exception>
    internal static XGBoostModelInfo Create(string objectiveName, string boosterName, int numClass, int numFeature, float baseScore, Version? version)
    {
        try
        {
            var objective = XGBoostTrainingOptions.FromNativeName(objectiveName);
            var booster = boosterName switch
            {
                "gbtree" => XGBoostBoosterKind.GbTree,
                "gblinear" => XGBoostBoosterKind.GbLinear,
                _ => throw new NotSupportedException($"XGBoost booster '{boosterName}' is not supported here."),
            };
            var classes = objective switch
            {
                XGBoostObjective.MultiSoftprob => numClass,
                XGBoostObjective.BinaryLogistic => 2,
                _ => 1,
            };
            return new XGBoostModelInfo(booster, objective, classes, numFeature, baseScore, version);
        }
        catch (NotSupportedException ex)
        {
            throw new XGBoostException("The model JSON is not a supported XGBoost model: " + ex.Message, ex);
        }
    }

    internal static int ReadInt(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number ? e.GetInt32() : int.Parse(e.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
