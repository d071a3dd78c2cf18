using Google.Protobuf;

namespace MlOpsPortal.Engines.Export;

/// <summary>ONNX tensor element types used here (TensorProto.DataType).</summary>
internal enum OnnxElementType
{
    Float = 1,
    Int64 = 7,
    String = 8,
}

/// <summary>A tensor dimension: a fixed size or a symbolic name such as "N".</summary>
internal readonly record struct OnnxDim(long? Value, string? Param)
{
    public static OnnxDim Of(long value) => new(value, null);

    public static OnnxDim Named(string param) => new(null, param);
}

/// <summary>A graph input or output (ValueInfoProto with a tensor type).</summary>
internal sealed record GraphValueInfo(string Name, OnnxElementType ElementType, IReadOnlyList<OnnxDim> Shape);

/// <summary>An initializer (TensorProto) holding floats or int64s.</summary>
internal sealed record OnnxTensor(string Name, OnnxElementType ElementType, long[] Dims, float[]? Floats = null, long[]? Int64s = null)
{
    /// <summary>An already serialized TensorProto (copied from another model) written as is instead of the fields above.</summary>
    public byte[]? Encoded { get; init; }
}

/// <summary>A node attribute (AttributeProto); exactly one payload is set.</summary>
internal sealed record OnnxAttribute(string Name)
{
    public float? F { get; init; }

    public long? I { get; init; }

    public string? S { get; init; }

    public IReadOnlyList<float>? Floats { get; init; }

    public IReadOnlyList<long>? Ints { get; init; }

    public IReadOnlyList<string>? Strings { get; init; }

    public static OnnxAttribute Float(string name, float value) => new(name) { F = value };

    public static OnnxAttribute Int(string name, long value) => new(name) { I = value };

    public static OnnxAttribute Str(string name, string value) => new(name) { S = value };

    public static OnnxAttribute FloatList(string name, IReadOnlyList<float> values) => new(name) { Floats = values };

    public static OnnxAttribute IntList(string name, IReadOnlyList<long> values) => new(name) { Ints = values };

    public static OnnxAttribute StringList(string name, IReadOnlyList<string> values) => new(name) { Strings = values };
}

/// <summary>A graph node (NodeProto).</summary>
internal sealed record OnnxNode(string OpType, string Name, string Domain, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyList<OnnxAttribute> Attributes)
{
    /// <summary>An already serialized NodeProto (copied from another model) written as is instead of the fields above.</summary>
    public byte[]? Encoded { get; init; }
}

/// <summary>A whole model: one graph, opset imports and string metadata.</summary>
internal sealed record OnnxModelDefinition(
    string GraphName,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<GraphValueInfo> Inputs,
    IReadOnlyList<GraphValueInfo> Outputs,
    IReadOnlyDictionary<string, long> Opsets,
    IReadOnlyDictionary<string, string> Metadata,
    string ProducerName,
    string ProducerVersion,
    long IrVersion = 8);

/// <summary>
/// Serializes <see cref="OnnxModelDefinition"/> as ONNX protobuf (a hand-written proto2 subset of onnx.proto;
/// field numbers from the ONNX schema). Repeated numeric fields are written packed, which every protobuf
/// parser accepts.
/// </summary>
internal static class OnnxProtoWriter
{
    public static byte[] Write(OnnxModelDefinition model) => Message(o =>
    {
        o.WriteTag(1, WireFormat.WireType.Varint);
        o.WriteInt64(model.IrVersion);
        WriteString(o, 2, model.ProducerName);
        WriteString(o, 3, model.ProducerVersion);
        WriteMessage(o, 7, Graph(model));
        foreach (var (domain, version) in model.Opsets)
        {
            WriteMessage(o, 8, Message(op =>
            {
                WriteString(op, 1, domain);
                op.WriteTag(2, WireFormat.WireType.Varint);
                op.WriteInt64(version);
            }));
        }

        foreach (var (key, value) in model.Metadata)
        {
            WriteMessage(o, 14, Message(kv =>
            {
                WriteString(kv, 1, key);
                WriteString(kv, 2, value);
            }));
        }
    });

    private static byte[] Graph(OnnxModelDefinition model) => Message(o =>
    {
        foreach (var node in model.Nodes)
        {
            WriteMessage(o, 1, node.Encoded ?? Node(node));
        }

        WriteString(o, 2, model.GraphName);
        foreach (var tensor in model.Initializers)
        {
            WriteMessage(o, 5, tensor.Encoded ?? Tensor(tensor));
        }

        foreach (var input in model.Inputs)
        {
            WriteMessage(o, 11, ValueInfo(input));
        }

        foreach (var output in model.Outputs)
        {
            WriteMessage(o, 12, ValueInfo(output));
        }
    });

    private static byte[] Node(OnnxNode node) => Message(o =>
    {
        foreach (var input in node.Inputs)
        {
            WriteString(o, 1, input);
        }

        foreach (var output in node.Outputs)
        {
            WriteString(o, 2, output);
        }

        WriteString(o, 3, node.Name);
        WriteString(o, 4, node.OpType);
        foreach (var attribute in node.Attributes)
        {
            WriteMessage(o, 5, Attribute(attribute));
        }

        if (node.Domain.Length > 0)
        {
            WriteString(o, 7, node.Domain);
        }
    });

    private static byte[] Attribute(OnnxAttribute a) => Message(o =>
    {
        WriteString(o, 1, a.Name);
        int type;
        if (a.F is { } f)
        {
            o.WriteTag(2, WireFormat.WireType.Fixed32);
            o.WriteFloat(f);
            type = 1;
        }
        else if (a.I is { } i)
        {
            o.WriteTag(3, WireFormat.WireType.Varint);
            o.WriteInt64(i);
            type = 2;
        }
        else if (a.S is { } s)
        {
            WriteString(o, 4, s);
            type = 3;
        }
        else if (a.Floats is { } floats)
        {
            WritePackedFloats(o, 7, floats);
            type = 6;
        }
        else if (a.Ints is { } ints)
        {
            WritePackedInt64s(o, 8, ints);
            type = 7;
        }
        else if (a.Strings is { } strings)
        {
            foreach (var s2 in strings)
            {
                WriteString(o, 9, s2);
            }

            type = 8;
        }
        else
        {
            throw new InvalidOperationException($"Attribute '{a.Name}' has no value.");
        }

        o.WriteTag(20, WireFormat.WireType.Varint);
        o.WriteInt32(type);
    });

    private static byte[] Tensor(OnnxTensor t) => Message(o =>
    {
        WritePackedInt64s(o, 1, t.Dims);
        o.WriteTag(2, WireFormat.WireType.Varint);
        o.WriteInt32((int)t.ElementType);
        if (t.Floats is not null)
        {
            WritePackedFloats(o, 4, t.Floats);
        }

        if (t.Int64s is not null)
        {
            WritePackedInt64s(o, 7, t.Int64s);
        }

        WriteString(o, 8, t.Name);
    });

    private static byte[] ValueInfo(GraphValueInfo v) => Message(o =>
    {
        WriteString(o, 1, v.Name);
        var shape = Message(s =>
        {
            foreach (var dim in v.Shape)
            {
                WriteMessage(s, 1, Message(d =>
                {
                    if (dim.Value is { } value)
                    {
                        d.WriteTag(1, WireFormat.WireType.Varint);
                        d.WriteInt64(value);
                    }
                    else
                    {
                        WriteString(d, 2, dim.Param ?? "N");
                    }
                }));
            }
        });
        var tensorType = Message(tt =>
        {
            tt.WriteTag(1, WireFormat.WireType.Varint);
            tt.WriteInt32((int)v.ElementType);
            WriteMessage(tt, 2, shape);
        });
        WriteMessage(o, 2, Message(tp => WriteMessage(tp, 1, tensorType)));
    });

    private static void WriteString(CodedOutputStream o, int field, string value)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteString(value);
    }

    private static void WriteMessage(CodedOutputStream o, int field, byte[] message)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(UnsafeByteOperations.UnsafeWrap(message));
    }

    private static void WritePackedFloats(CodedOutputStream o, int field, IReadOnlyList<float> values)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteLength(values.Count * 4);
        foreach (var v in values)
        {
            o.WriteFloat(v);
        }
    }

    private static void WritePackedInt64s(CodedOutputStream o, int field, IReadOnlyList<long> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        var payload = Message(p =>
        {
            foreach (var v in values)
            {
                p.WriteInt64(v);
            }
        });
        WriteMessage(o, field, payload);
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
            output.Flush();
        }

        return buffer.ToArray();
    }
}
