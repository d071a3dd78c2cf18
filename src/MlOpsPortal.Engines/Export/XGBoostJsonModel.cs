using System.Text.Json;
using MlOpsPortal.Engines.XGBoost;
using static MlOpsPortal.Engines.XGBoost.XGBoostJsonReader;

namespace MlOpsPortal.Engines.Export;

/// <summary>One regression tree as stored in XGBoost's JSON model (arrays indexed by node id).</summary>
internal sealed record XGBoostTree(int[] Left, int[] Right, int[] SplitIndex, float[] SplitCondition, bool[] DefaultLeft, int Group)
{
    public bool IsLeaf(int node) => Left[node] == -1;
}

/// <summary>The parts of an XGBoost JSON model the ONNX export needs.</summary>
/// <remarks>
/// Read in the one forward pass of <see cref="XGBoostModelInfo.Read"/>, which hands over the booster's model section:
/// only the five node arrays a tree graph needs are converted, and every other field (gains, hessian sums, parents, base
/// weights) is stepped over unconverted. A 200-tree Adult model is 0.8 MB; building a whole <see cref="JsonDocument"/> and
/// enumerating it took about three times as long.
/// </remarks>
internal sealed record XGBoostJsonModel(XGBoostModelInfo Info, IReadOnlyList<XGBoostTree> Trees, float[]? LinearWeights)
{
    public static XGBoostJsonModel Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var section = new ModelSection();
            var info = XGBoostModelInfo.Read(json, section.Read);
            if (info.Booster == XGBoostBoosterKind.GbLinear)
            {
                return new XGBoostJsonModel(info, [], section.LinearWeights ?? throw Missing("gradient_booster.model.weights"));
            }

            var groups = section.TreeInfo ?? throw Missing("gradient_booster.model.tree_info");
            if (groups.Length != section.Trees.Count)
            {
                throw new FormatException($"tree_info names {groups.Length} trees but the model has {section.Trees.Count}.");
            }

            return new XGBoostJsonModel(info, section.Trees.Select((t, i) => t with { Group = groups[i] }).ToArray(), null);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new XGBoostException("The XGBoost model JSON cannot be read for export: " + ex.Message, ex);
        }
    }

    /// <summary>What the booster's <c>model</c> object holds: trees and their groups (gbtree), or weights (gblinear).</summary>
    private sealed class ModelSection
    {
        public int[]? TreeInfo { get; private set; }

        public float[]? LinearWeights { get; private set; }

        public List<XGBoostTree> Trees { get; } = [];

        public void Read(ref Utf8JsonReader reader)
        {
            Expect(ref reader, JsonTokenType.StartObject, "gradient_booster.model");
            while (NextProperty(ref reader))
            {
                if (Take(ref reader, "trees"u8))
                {
                    Expect(ref reader, JsonTokenType.StartArray, "trees");
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        Trees.Add(ReadTree(ref reader));
                    }
                }
                else if (Take(ref reader, "tree_info"u8))
                {
                    TreeInfo = ReadInts(ref reader, "tree_info");
                }
                else if (Take(ref reader, "weights"u8))
                {
                    LinearWeights = ReadFloats(ref reader, "weights");
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
                    // XGBoost 2 writes default_left as booleans; older models as 0/1.
                    defaultLeft = ReadArray(ref reader, "default_left", static (ref Utf8JsonReader r) =>
                        r.TokenType == JsonTokenType.True || (r.TokenType == JsonTokenType.Number && r.GetInt32() != 0));
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
    }
}
