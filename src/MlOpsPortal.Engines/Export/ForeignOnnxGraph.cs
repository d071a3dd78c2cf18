using Google.Protobuf;

namespace MlOpsPortal.Engines.Export;

/// <summary>A node of another producer's ONNX graph: what wiring needs (op, inputs, outputs) and the NodeProto bytes.</summary>
internal sealed record ForeignNode(string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, byte[] Encoded);

/// <summary>
/// The parts of another producer's ONNX model (e.g. ML.NET's <c>ConvertToOnnx</c>) needed to splice its graph into ours:
/// nodes and initializers kept as their serialized protobuf (never re-interpreted), input and output names, opsets.
/// Field numbers are ONNX's (ModelProto graph=7 opset_import=8; GraphProto node=1 initializer=5 input=11 output=12;
/// NodeProto input=1 output=2 name=3 op_type=4; TensorProto name=8; ValueInfoProto name=1).
/// </summary>
internal sealed class ForeignOnnxGraph
{
    private ForeignOnnxGraph(
        IReadOnlyList<ForeignNode> nodes, IReadOnlyList<(string Name, byte[] Encoded)> initializers, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IReadOnlyDictionary<string, long> opsets)
    {
        Nodes = nodes;
        Initializers = initializers;
        Inputs = inputs;
        Outputs = outputs;
        Opsets = opsets;
    }

    public IReadOnlyList<ForeignNode> Nodes { get; }

    public IReadOnlyList<(string Name, byte[] Encoded)> Initializers { get; }

    public IReadOnlyList<string> Inputs { get; }

    public IReadOnlyList<string> Outputs { get; }

    public IReadOnlyDictionary<string, long> Opsets { get; }

    public static ForeignOnnxGraph Parse(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        byte[]? graph = null;
        var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (field, _, value, _) in Fields(model))
        {
            if (field == 7)
            {
                graph = value.ToByteArray();
            }
            else if (field == 8)
            {
                var domain = string.Empty;
                long version = 0;
                foreach (var (f, _, v, n) in Fields(value.ToByteArray()))
                {
                    if (f == 1)
                    {
                        domain = v.ToStringUtf8();
                    }
                    else if (f == 2)
                    {
                        version = (long)n;
                    }
                }

                opsets[domain] = version;
            }
        }

        if (graph is null)
        {
            throw new InvalidDataException("The ONNX model has no graph.");
        }

        var nodes = new List<ForeignNode>();
        var initializers = new List<(string, byte[])>();
        var inputs = new List<string>();
        var outputs = new List<string>();
        foreach (var (field, _, value, _) in Fields(graph))
        {
            switch (field)
            {
                case 1:
                    nodes.Add(ReadNode(value.ToByteArray()));
                    break;
                case 5:
                    var tensor = value.ToByteArray();
                    initializers.Add((Strings(tensor, 8).FirstOrDefault() ?? string.Empty, tensor));
                    break;
                case 11:
                    inputs.Add(Strings(value.ToByteArray(), 1).First());
                    break;
                case 12:
                    outputs.Add(Strings(value.ToByteArray(), 1).First());
                    break;
            }
        }

        return new ForeignOnnxGraph(nodes, initializers, inputs, outputs, opsets);
    }

    /// <summary>The nodes (in order) and initializers that <paramref name="outputs"/> depend on; everything else is dropped.</summary>
    public (IReadOnlyList<ForeignNode> Nodes, IReadOnlyList<(string Name, byte[] Encoded)> Initializers) Needed(IEnumerable<string> outputs)
    {
        var needed = new HashSet<string>(outputs, StringComparer.Ordinal);
        var kept = new List<ForeignNode>();
        for (var i = Nodes.Count - 1; i >= 0; i--)
        {
            var node = Nodes[i];
            if (node.Outputs.Any(needed.Contains))
            {
                kept.Add(node);
                needed.UnionWith(node.Inputs.Where(n => n.Length > 0));
            }
        }

        kept.Reverse();
        return (kept, Initializers.Where(t => needed.Contains(t.Name)).ToArray());
    }

    /// <summary>The node with every tensor name (inputs, outputs) and its node name passed through <paramref name="rename"/>.</summary>
    public static byte[] RenameNode(ForeignNode node, Func<string, string> rename) => Rewrite(node.Encoded, (field, value) => field is 1 or 2 or 3
        ? ByteString.CopyFromUtf8(value.Length == 0 ? string.Empty : rename(value.ToStringUtf8()))
        : null);

    /// <summary>The initializer under a new name.</summary>
    public static byte[] RenameTensor(byte[] tensor, string name) => Rewrite(tensor, (field, _) => field == 8 ? ByteString.CopyFromUtf8(name) : null);

    private static ForeignNode ReadNode(byte[] node)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        var op = string.Empty;
        foreach (var (field, _, value, _) in Fields(node))
        {
            switch (field)
            {
                case 1:
                    inputs.Add(value.ToStringUtf8());
                    break;
                case 2:
                    outputs.Add(value.ToStringUtf8());
                    break;
                case 4:
                    op = value.ToStringUtf8();
                    break;
            }
        }

        return new ForeignNode(op, inputs, outputs, node);
    }

    private static IEnumerable<string> Strings(byte[] message, int field) =>
        Fields(message).Where(f => f.Field == field && f.Type == WireFormat.WireType.LengthDelimited).Select(f => f.Value.ToStringUtf8());

    /// <summary>Every field of a message: number, wire type and value (length-delimited: the payload; else the number).</summary>
    private static List<(int Field, WireFormat.WireType Type, ByteString Value, ulong Number)> Fields(byte[] message)
    {
        var result = new List<(int, WireFormat.WireType, ByteString, ulong)>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var type = WireFormat.GetTagWireType(tag);
            var field = WireFormat.GetTagFieldNumber(tag);
            result.Add(type switch
            {
                WireFormat.WireType.LengthDelimited => (field, type, input.ReadBytes(), 0UL),
                WireFormat.WireType.Varint => (field, type, ByteString.Empty, input.ReadUInt64()),
                WireFormat.WireType.Fixed32 => (field, type, ByteString.Empty, input.ReadFixed32()),
                WireFormat.WireType.Fixed64 => (field, type, ByteString.Empty, input.ReadFixed64()),
                _ => throw new InvalidDataException($"Unsupported protobuf wire type {type} in field {field}."),
            });
        }

        return result;
    }

    /// <summary>Re-encodes a message field by field; <paramref name="replace"/> may substitute a length-delimited payload.</summary>
    private static byte[] Rewrite(byte[] message, Func<int, ByteString, ByteString?> replace)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        foreach (var (field, type, value, number) in Fields(message))
        {
            output.WriteTag(field, type);
            switch (type)
            {
                case WireFormat.WireType.LengthDelimited:
                    output.WriteBytes(replace(field, value) ?? value);
                    break;
                case WireFormat.WireType.Varint:
                    output.WriteUInt64(number);
                    break;
                case WireFormat.WireType.Fixed32:
                    output.WriteFixed32((uint)number);
                    break;
                default:
                    output.WriteFixed64(number);
                    break;
            }
        }

        output.Flush();
        return stream.ToArray();
    }

}
