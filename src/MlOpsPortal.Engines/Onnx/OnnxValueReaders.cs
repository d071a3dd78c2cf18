using Microsoft.ML.OnnxRuntime;

namespace MlOpsPortal.Engines.Onnx;

/// <summary>Reads the managed API's <see cref="NodeMetadata"/> into <see cref="OnnxValueInfo"/>.</summary>
internal static class OnnxMetadata
{
    public static OnnxValueInfo Describe(string name, NodeMetadata metadata)
    {
        switch (metadata.OnnxValueType)
        {
            case OnnxValueType.ONNX_TYPE_TENSOR:
            case OnnxValueType.ONNX_TYPE_SPARSETENSOR:
                return new OnnxValueInfo(name, OnnxValueKind.Tensor, (OnnxElementType)(int)metadata.ElementDataType, [.. metadata.Dimensions.Select(d => d < 0 ? -1L : d)]);

            case OnnxValueType.ONNX_TYPE_MAP:
            {
                var map = metadata.AsMapMetadata();
                var value = Describe(name, map.ValueMetadata);
                return new OnnxValueInfo(name, OnnxValueKind.Map, value.ElementType, [], (OnnxElementType)(int)map.KeyDataType);
            }

            case OnnxValueType.ONNX_TYPE_SEQUENCE:
            {
                var element = Describe(name, metadata.AsSequenceMetadata().ElementMeta);
                return new OnnxValueInfo(name, OnnxValueKind.Sequence, element.ElementType, [], element.MapKeyType, element);
            }

            default:
                return new OnnxValueInfo(name, OnnxValueKind.Other, OnnxElementType.Undefined, []);
        }
    }
}

/// <summary>Copies ORT output values (tensors, maps, sequences of maps) into managed <see cref="OnnxOutputValue"/>s.
/// Never disposes the value passed in; disposes every value it obtains through <see cref="OrtValue.GetValue"/>.</summary>
internal static class OnnxOutputReader
{
    public static OnnxOutputValue Read(string name, OrtValue value)
    {
        switch (value.OnnxType)
        {
            case OnnxValueType.ONNX_TYPE_TENSOR:
            {
                var (element, shape, data) = ReadTensor(name, value);
                return new OnnxOutputValue(name, OnnxValueKind.Tensor, element, shape, data);
            }

            case OnnxValueType.ONNX_TYPE_MAP:
            {
                var (keyType, map) = ReadMap(name, value);
                return new OnnxOutputValue(name, OnnxValueKind.Map, OnnxElementType.Float, [1], ToArray(keyType, [map]), keyType);
            }

            case OnnxValueType.ONNX_TYPE_SEQUENCE:
                return ReadSequenceOfMaps(name, value);

            default:
                throw new NotSupportedException($"Output '{name}' has ONNX type {value.OnnxType}, which is not supported.");
        }
    }

    public static (OnnxElementType Element, long[] Shape, object Data) ReadTensor(string name, OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        var element = (OnnxElementType)(int)info.ElementDataType;
        object data = element switch
        {
            OnnxElementType.Float => value.GetTensorDataAsSpan<float>().ToArray(),
            OnnxElementType.Double => value.GetTensorDataAsSpan<double>().ToArray(),
            OnnxElementType.Int64 => value.GetTensorDataAsSpan<long>().ToArray(),
            OnnxElementType.Int32 => value.GetTensorDataAsSpan<int>().ToArray(),
            OnnxElementType.Bool => value.GetTensorDataAsSpan<bool>().ToArray(),
            OnnxElementType.UInt8 => value.GetTensorDataAsSpan<byte>().ToArray(),
            OnnxElementType.String => value.GetStringTensorAsArray(),
            _ => throw new NotSupportedException($"Output '{name}' has element type {element}, which is not supported."),
        };
        return (element, info.Shape, data);
    }

    private static OnnxOutputValue ReadSequenceOfMaps(string name, OrtValue sequence)
    {
        var maps = new object[sequence.GetValueCount()];
        var keyType = OnnxElementType.Undefined;
        for (var i = 0; i < maps.Length; i++)
        {
            using var element = sequence.GetValue(i, OrtAllocator.DefaultInstance);
            if (element.OnnxType != OnnxValueType.ONNX_TYPE_MAP)
            {
                throw new NotSupportedException($"Output '{name}' is a sequence of {element.OnnxType}; only sequences of maps are supported.");
            }

            (keyType, maps[i]) = ReadMap(name, element);
        }

        return new OnnxOutputValue(name, OnnxValueKind.Sequence, OnnxElementType.Float, [maps.Length], ToArray(keyType, maps), keyType);
    }

    private static (OnnxElementType KeyType, object Map) ReadMap(string name, OrtValue map)
    {
        using var keys = map.GetValue(0, OrtAllocator.DefaultInstance);
        using var values = map.GetValue(1, OrtAllocator.DefaultInstance);
        var (keyType, _, keyData) = ReadTensor(name, keys);
        var (valueType, _, valueData) = ReadTensor(name, values);
        if (valueData is not float[] floats)
        {
            throw new NotSupportedException($"Output '{name}' is a map with {valueType} values; only float values are supported.");
        }

        return keyData switch
        {
            long[] longKeys => (keyType, Zip(longKeys, floats)),
            string[] stringKeys => (keyType, Zip(stringKeys, floats)),
            _ => throw new NotSupportedException($"Output '{name}' is a map with {keyType} keys; only int64 and string keys are supported."),
        };
    }

    private static Dictionary<TKey, float> Zip<TKey>(TKey[] keys, float[] values)
        where TKey : notnull
    {
        var map = new Dictionary<TKey, float>(keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            map[keys[i]] = values[i];
        }

        return map;
    }

    private static object ToArray(OnnxElementType keyType, object[] maps) => keyType == OnnxElementType.String
        ? maps.Select(m => (IReadOnlyDictionary<string, float>)m).ToArray()
        : maps.Select(m => (IReadOnlyDictionary<long, float>)m).ToArray();
}
