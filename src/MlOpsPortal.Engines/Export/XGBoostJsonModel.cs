using System.Globalization;
using System.Text.Json;
using MlOpsPortal.Engines.XGBoost;

namespace MlOpsPortal.Engines.Export;

/// <summary>One regression tree as stored in XGBoost's JSON model (arrays indexed by node id).</summary>
internal sealed record XGBoostTree(int[] Left, int[] Right, int[] SplitIndex, float[] SplitCondition, bool[] DefaultLeft, int Group)
{
    public bool IsLeaf(int node) => Left[node] == -1;
}

/// <summary>The parts of an XGBoost JSON model the ONNX export needs.</summary>
/// <remarks>
/// Read in one forward pass with <see cref="Utf8JsonReader"/>: only the five node arrays a tree graph needs are
/// converted, and every other field (gains, hessian sums, parents, base weights) is stepped over unconverted. A
/// 200-tree Adult model is 0.8 MB; building a whole <see cref="JsonDocument"/> and enumerating it took about twice as long.
/// </remarks>
internal sealed record XGBoostJsonModel(XGBoostModelInfo Info, IReadOnlyList<XGBoostTree> Trees, float[]? LinearWeights)
{
    public static XGBoostJsonModel Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            var parts = new Parts();
            ReadRoot(ref reader, parts);
            var info = XGBoostModelInfo.Create(
                parts.Objective ?? throw Missing("learner.objective.name"),
                parts.BoosterName ?? throw Missing("learner.gradient_booster.name"),
                parts.ClassCount ?? throw Missing("learner.learner_model_param.num_class"),
                parts.FeatureCount ?? throw Missing("learner.learner_model_param.num_feature"),
                parts.BaseScore ?? throw Missing("learner.learner_model_param.base_score"),
                parts.Version);
            if (info.Booster == XGBoostBoosterKind.GbLinear)
            {
                return new XGBoostJsonModel(info, [], parts.LinearWeights ?? throw Missing("gradient_booster.model.weights"));
            }

            var groups = parts.TreeInfo ?? throw Missing("gradient_booster.model.tree_info");
            if (groups.Length != parts.Trees.Count)
            {
                throw new FormatException($"tree_info names {groups.Length} trees but the model has {parts.Trees.Count}.");
            }

            return new XGBoostJsonModel(info, parts.Trees.Select((t, i) => t with { Group = groups[i] }).ToArray(), null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new XGBoostException("The XGBoost model JSON cannot be read for export: " + ex.Message, ex);
        }
    }

    private static void ReadRoot(ref Utf8JsonReader reader, Parts parts)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.StartObject, "the model");
        while (NextProperty(ref reader))
        {
            if (Take(ref reader, "learner"u8))
            {
                ReadLearner(ref reader, parts);
            }
            else if (Take(ref reader, "version"u8))
            {
                parts.Version = ReadVersion(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadLearner(ref Utf8JsonReader reader, Parts parts)
    {
        Expect(ref reader, JsonTokenType.StartObject, "learner");
        while (NextProperty(ref reader))
        {
            if (Take(ref reader, "learner_model_param"u8))
            {
                Expect(ref reader, JsonTokenType.StartObject, "learner_model_param");
                while (NextProperty(ref reader))
                {
                    if (Take(ref reader, "num_class"u8))
                    {
                        parts.ClassCount = ReadInt(ref reader);
                    }
                    else if (Take(ref reader, "num_feature"u8))
                    {
                        parts.FeatureCount = ReadInt(ref reader);
                    }
                    else if (Take(ref reader, "base_score"u8))
                    {
                        parts.BaseScore = ReadFloat(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else if (Take(ref reader, "objective"u8))
            {
                parts.Objective = ReadName(ref reader, "objective");
            }
            else if (Take(ref reader, "gradient_booster"u8))
            {
                ReadBooster(ref reader, parts);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>gbtree and gblinear keep their model under <c>model</c> (dart nests it deeper and is refused by name).</summary>
    private static void ReadBooster(ref Utf8JsonReader reader, Parts parts)
    {
        Expect(ref reader, JsonTokenType.StartObject, "gradient_booster");
        while (NextProperty(ref reader))
        {
            if (Take(ref reader, "name"u8))
            {
                parts.BoosterName = reader.GetString();
            }
            else if (Take(ref reader, "model"u8))
            {
                ReadModel(ref reader, parts);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadModel(ref Utf8JsonReader reader, Parts parts)
    {
        Expect(ref reader, JsonTokenType.StartObject, "gradient_booster.model");
        while (NextProperty(ref reader))
        {
            if (Take(ref reader, "trees"u8))
            {
                Expect(ref reader, JsonTokenType.StartArray, "trees");
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    parts.Trees.Add(ReadTree(ref reader));
                }
            }
            else if (Take(ref reader, "tree_info"u8))
            {
                parts.TreeInfo = ReadInts(ref reader, "tree_info");
            }
            else if (Take(ref reader, "weights"u8))
            {
                parts.LinearWeights = ReadFloats(ref reader, "weights");
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>One tree's node arrays; its group is filled in from tree_info once the whole model is read.</summary>
    private static XGBoostTree ReadTree(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "a tree");
        int[]? left = null, right = null, splitIndex = null;
        float[]? conditions = null;
        bool[]? defaultLeft = null;
        while (NextProperty(ref reader))
        {
            if (Take(ref reader, "left_children"u8))
            {
                left = ReadInts(ref reader, "left_children");
            }
            else if (Take(ref reader, "right_children"u8))
            {
                right = ReadInts(ref reader, "right_children");
            }
            else if (Take(ref reader, "split_indices"u8))
            {
                splitIndex = ReadInts(ref reader, "split_indices");
            }
            else if (Take(ref reader, "split_conditions"u8))
            {
                conditions = ReadFloats(ref reader, "split_conditions");
            }
            else if (Take(ref reader, "default_left"u8))
            {
                defaultLeft = ReadBools(ref reader, "default_left");
            }
            else if (Take(ref reader, "split_type"u8))
            {
                if (ReadInts(ref reader, "split_type").Any(t => t != 0))
                {
                    throw new NotSupportedException("Trees with native categorical splits cannot be exported; encode categories in the feature pipeline.");
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return new XGBoostTree(
            left ?? throw Missing("tree.left_children"),
            right ?? throw Missing("tree.right_children"),
            splitIndex ?? throw Missing("tree.split_indices"),
            conditions ?? throw Missing("tree.split_conditions"),
            defaultLeft ?? throw Missing("tree.default_left"),
            0);
    }

    private static Version? ReadVersion(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        var parts = ReadInts(ref reader, "version");
        return parts.Length == 3 ? new Version(parts[0], parts[1], parts[2]) : null;
    }

    /// <summary>The <c>name</c> of an object such as <c>"objective": {"name": "binary:logistic", ...}</c>.</summary>
    private static string? ReadName(ref Utf8JsonReader reader, string what)
    {
        Expect(ref reader, JsonTokenType.StartObject, what);
        string? name = null;
        while (NextProperty(ref reader))
        {
            if (Take(ref reader, "name"u8))
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

    private delegate T ReadItem<out T>(ref Utf8JsonReader reader);

    private static int[] ReadInts(ref Utf8JsonReader reader, string what) =>
        ReadArray(ref reader, what, static (ref Utf8JsonReader r) => r.GetInt32());

    private static float[] ReadFloats(ref Utf8JsonReader reader, string what) => ReadArray(ref reader, what, ReadFloat);

    /// <summary>XGBoost 2 writes default_left as booleans; older models as 0/1.</summary>
    private static bool[] ReadBools(ref Utf8JsonReader reader, string what) =>
        ReadArray(ref reader, what, static (ref Utf8JsonReader r) => r.TokenType == JsonTokenType.True || (r.TokenType == JsonTokenType.Number && r.GetInt32() != 0));

    private static T[] ReadArray<T>(ref Utf8JsonReader reader, string what, ReadItem<T> item)
    {
        Expect(ref reader, JsonTokenType.StartArray, what);
        var values = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(item(ref reader));
        }

        return [.. values];
    }

    /// <summary>A number, or a number written as a string (XGBoost writes model parameters as strings).</summary>
    private static int ReadInt(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? int.Parse(reader.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture) : reader.GetInt32();

    private static float ReadFloat(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? float.Parse(reader.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture) : reader.GetSingle();

    /// <summary>On a property called <paramref name="name"/>: moves to its value and returns true.</summary>
    private static bool Take(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (!reader.ValueTextEquals(name))
        {
            return false;
        }

        reader.Read();
        return true;
    }

    /// <summary>Moves to the next property of the current object: true on its name, false at the object's end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.PropertyName => true,
            JsonTokenType.EndObject => false,
            _ => throw new FormatException($"Expected a property name, found {reader.TokenType}."),
        };
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type)
        {
            throw new FormatException($"{what} should be {(type == JsonTokenType.StartObject ? "an object" : "an array")}, not {reader.TokenType}.");
        }
    }

    private static FormatException Missing(string path) => new($"'{path}' is missing.");

    private sealed class Parts
    {
        public string? Objective { get; set; }

        public string? BoosterName { get; set; }

        public int? ClassCount { get; set; }

        public int? FeatureCount { get; set; }

        public float? BaseScore { get; set; }

        public Version? Version { get; set; }

        public int[]? TreeInfo { get; set; }

        public float[]? LinearWeights { get; set; }

        public List<XGBoostTree> Trees { get; } = [];
    }
}
