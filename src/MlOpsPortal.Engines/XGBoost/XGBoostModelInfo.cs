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

    /// <summary>
    /// Reads the facts from a model's JSON in one forward pass. <paramref name="model"/>, when given, reads the booster's
    /// <c>model</c> section (the trees or weights) as the pass reaches it; otherwise that section is stepped over.
    /// </summary>
    /// <exception cref="JsonException">The bytes are not JSON.</exception>
    /// <exception cref="XGBoostException">The JSON is not an XGBoost model this portal reads (the message says what is missing).</exception>
    internal static XGBoostModelInfo Read(ReadOnlySpan<byte> json, JsonSectionReader? model = null)
    {
        var learner = new LearnerFields();
        try
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            XGBoostJsonReader.Expect(ref reader, JsonTokenType.StartObject, "the model");
            while (XGBoostJsonReader.NextProperty(ref reader))
            {
                if (XGBoostJsonReader.Take(ref reader, "learner"u8))
                {
                    ReadLearner(ref reader, learner, model);
                }
                else if (XGBoostJsonReader.Take(ref reader, "version"u8))
                {
                    learner.Version = ReadVersion(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            return Create(
                learner.Objective ?? throw XGBoostJsonReader.Missing("learner.objective.name"),
                learner.BoosterName ?? throw XGBoostJsonReader.Missing("learner.gradient_booster.name"),
                learner.ClassCount ?? throw XGBoostJsonReader.Missing("learner.learner_model_param.num_class"),
                learner.FeatureCount ?? throw XGBoostJsonReader.Missing("learner.learner_model_param.num_feature"),
                learner.BaseScore ?? throw XGBoostJsonReader.Missing("learner.learner_model_param.base_score"),
                learner.Version);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException)
        {
            throw new XGBoostException("The model JSON is not a supported XGBoost model: " + ex.Message, ex);
        }
    }

    private static void ReadLearner(ref Utf8JsonReader reader, LearnerFields learner, JsonSectionReader? model)
    {
        XGBoostJsonReader.Expect(ref reader, JsonTokenType.StartObject, "learner");
        while (XGBoostJsonReader.NextProperty(ref reader))
        {
            if (XGBoostJsonReader.Take(ref reader, "learner_model_param"u8))
            {
                XGBoostJsonReader.Expect(ref reader, JsonTokenType.StartObject, "learner_model_param");
                while (XGBoostJsonReader.NextProperty(ref reader))
                {
                    if (XGBoostJsonReader.Take(ref reader, "num_class"u8))
                    {
                        learner.ClassCount = XGBoostJsonReader.ReadInt(ref reader);
                    }
                    else if (XGBoostJsonReader.Take(ref reader, "num_feature"u8))
                    {
                        learner.FeatureCount = XGBoostJsonReader.ReadInt(ref reader);
                    }
                    else if (XGBoostJsonReader.Take(ref reader, "base_score"u8))
                    {
                        learner.BaseScore = XGBoostJsonReader.ReadFloat(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else if (XGBoostJsonReader.Take(ref reader, "objective"u8))
            {
                learner.Objective = ReadName(ref reader, "objective");
            }
            else if (XGBoostJsonReader.Take(ref reader, "gradient_booster"u8))
            {
                // gbtree and gblinear keep their model under "model" (dart nests it deeper and is refused by name).
                XGBoostJsonReader.Expect(ref reader, JsonTokenType.StartObject, "gradient_booster");
                while (XGBoostJsonReader.NextProperty(ref reader))
                {
                    if (XGBoostJsonReader.Take(ref reader, "name"u8))
                    {
                        learner.BoosterName = reader.GetString();
                    }
                    else if (model is not null && XGBoostJsonReader.Take(ref reader, "model"u8))
                    {
                        model(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>The <c>name</c> of an object such as <c>"objective": {"name": "binary:logistic", ...}</c>.</summary>
    private static string? ReadName(ref Utf8JsonReader reader, string what)
    {
        XGBoostJsonReader.Expect(ref reader, JsonTokenType.StartObject, what);
        string? name = null;
        while (XGBoostJsonReader.NextProperty(ref reader))
        {
            if (XGBoostJsonReader.Take(ref reader, "name"u8))
            {
                name = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return name;
    }

    private static Version? ReadVersion(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        var parts = XGBoostJsonReader.ReadInts(ref reader, "version");
        return parts.Length == 3 ? new Version(parts[0], parts[1], parts[2]) : null;
    }

    /// <summary>The facts from the learner section's raw values (native objective and booster names, num_class as written).</summary>
    /// <exception cref="XGBoostException">The objective or booster is not one this portal trains.</exception>
    private static XGBoostModelInfo Create(string objectiveName, string boosterName, int numClass, int numFeature, float baseScore, Version? version)
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

    private sealed class LearnerFields
    {
        public string? Objective { get; set; }

        public string? BoosterName { get; set; }

        public int? ClassCount { get; set; }

        public int? FeatureCount { get; set; }

        public float? BaseScore { get; set; }

        public Version? Version { get; set; }
    }
}
