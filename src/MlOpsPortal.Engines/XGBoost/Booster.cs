using System.Globalization;
using System.Text;

namespace MlOpsPortal.Engines.XGBoost;

/// <summary>XGBoost prediction kinds of the C API's JSON config (<c>"type"</c>).</summary>
internal enum NativePredictionType
{
    Value = 0,
    Margin = 1,
    Contributions = 2,
}

/// <summary>
/// Thin managed wrapper over a native booster. Every call takes a private lock, so one instance may be used
/// from several threads (calls are serialized); the library's result buffers are copied before the lock is released.
/// </summary>
internal sealed class Booster : IDisposable
{
    private readonly BoosterSafeHandle _handle;
    private readonly Lock _gate = new();

    private Booster(BoosterSafeHandle handle) => _handle = handle;

    public static unsafe Booster Create(IReadOnlyList<DMatrix> cache)
    {
        var api = XGBoostNative.Api;
        var handles = new nint[cache.Count];
        for (var i = 0; i < handles.Length; i++)
        {
            handles[i] = cache[i].Handle.DangerousGetHandle();
        }

        nint raw;
        fixed (nint* h = handles)
        {
            api.Check(api.BoosterCreate(handles.Length == 0 ? null : h, (ulong)handles.Length, &raw), "XGBoosterCreate");
        }

        return new Booster(new BoosterSafeHandle(raw));
    }

    public static unsafe Booster Load(ReadOnlySpan<byte> model)
    {
        if (model.IsEmpty)
        {
            throw new ArgumentException("The model buffer is empty.", nameof(model));
        }

        var booster = Create([]);
        try
        {
            var api = XGBoostNative.Api;
            fixed (byte* data = model)
            {
                api.Check(api.BoosterLoadModelFromBuffer(booster._handle.DangerousGetHandle(), data, (ulong)model.Length), "XGBoosterLoadModelFromBuffer");
            }

            return booster;
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    /// <summary>Loads a saved model into this booster (which keeps its data cache), e.g. to continue training it.</summary>
    public unsafe void LoadModel(ReadOnlySpan<byte> model)
    {
        if (model.IsEmpty)
        {
            throw new ArgumentException("The model buffer is empty.", nameof(model));
        }

        var api = XGBoostNative.Api;
        fixed (byte* data = model)
        {
            api.Check(api.BoosterLoadModelFromBuffer(_handle.DangerousGetHandle(), data, (ulong)model.Length), "XGBoosterLoadModelFromBuffer");
        }
    }

    public unsafe void SetParam(string name, string value)
    {
        var api = XGBoostNative.Api;
        var n = XGBoostNativeApi.Utf8(name);
        var v = XGBoostNativeApi.Utf8(value);
        lock (_gate)
        {
            fixed (byte* np = n)
            fixed (byte* vp = v)
            {
                api.Check(api.BoosterSetParam(Raw(), np, vp), $"XGBoosterSetParam({name}={value})");
            }
        }
    }

    public unsafe void UpdateOneIter(int iteration, DMatrix train)
    {
        var api = XGBoostNative.Api;
        lock (_gate)
        {
            api.Check(api.BoosterUpdateOneIter(Raw(), iteration, train.Handle.DangerousGetHandle()), "XGBoosterUpdateOneIter");
        }
    }

    /// <summary>Evaluates the eval sets; returns XGBoost's line, e.g. <c>[3]\ttrain-logloss:0.41\tvalid-logloss:0.44</c>.</summary>
    public unsafe string EvalOneIter(int iteration, IReadOnlyList<DMatrix> sets, IReadOnlyList<string> names)
    {
        var api = XGBoostNative.Api;
        var handles = new nint[sets.Count];
        var nameBytes = new byte[names.Count][];
        for (var i = 0; i < handles.Length; i++)
        {
            handles[i] = sets[i].Handle.DangerousGetHandle();
            nameBytes[i] = XGBoostNativeApi.Utf8(names[i]);
        }

        var pins = new System.Runtime.InteropServices.GCHandle[nameBytes.Length];
        var namePtrs = new nint[nameBytes.Length];
        try
        {
            for (var i = 0; i < nameBytes.Length; i++)
            {
                pins[i] = System.Runtime.InteropServices.GCHandle.Alloc(nameBytes[i], System.Runtime.InteropServices.GCHandleType.Pinned);
                namePtrs[i] = pins[i].AddrOfPinnedObject();
            }

            lock (_gate)
            {
                byte* result;
                fixed (nint* h = handles)
                fixed (nint* np = namePtrs)
                {
                    api.Check(api.BoosterEvalOneIter(Raw(), iteration, h, (byte**)np, (ulong)handles.Length, &result), "XGBoosterEvalOneIter");
                }

                return System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)result) ?? string.Empty;
            }
        }
        finally
        {
            foreach (var pin in pins)
            {
                if (pin.IsAllocated)
                {
                    pin.Free();
                }
            }
        }
    }

    /// <summary>In-place prediction from a dense row-major matrix (value or margin only in XGBoost 1.7).</summary>
    public unsafe (float[] Values, ulong[] Shape) PredictDense(ReadOnlySpan<float> values, int rows, int columns, NativePredictionType type, int iterationEnd)
    {
        var api = XGBoostNative.Api;
        var config = XGBoostNativeApi.Utf8(string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"type\":{(int)type},\"training\":false,\"iteration_begin\":0,\"iteration_end\":{iterationEnd},\"strict_shape\":true,\"cache_id\":0,\"missing\":NaN}}"));
        fixed (float* data = values)
        {
            var arrayInterface = XGBoostNativeApi.Utf8(string.Create(
                CultureInfo.InvariantCulture,
                $"{{\"data\":[{(ulong)(nint)data},true],\"shape\":[{rows},{columns}],\"typestr\":\"<f4\",\"version\":3}}"));
            lock (_gate)
            {
                ulong* shape;
                ulong dims;
                float* result;
                fixed (byte* ai = arrayInterface)
                fixed (byte* cfg = config)
                {
                    api.Check(api.BoosterPredictFromDense(Raw(), ai, cfg, 0, &shape, &dims, &result), "XGBoosterPredictFromDense");
                }

                return CopyResult(shape, dims, result);
            }
        }
    }

    /// <summary>Prediction through a DMatrix; needed for SHAP contributions.</summary>
    public unsafe (float[] Values, ulong[] Shape) PredictDMatrix(DMatrix data, NativePredictionType type, int iterationEnd)
    {
        var api = XGBoostNative.Api;
        var config = XGBoostNativeApi.Utf8(string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"type\":{(int)type},\"training\":false,\"iteration_begin\":0,\"iteration_end\":{iterationEnd},\"strict_shape\":true}}"));
        lock (_gate)
        {
            ulong* shape;
            ulong dims;
            float* result;
            fixed (byte* cfg = config)
            {
                api.Check(api.BoosterPredictFromDMatrix(Raw(), data.Handle.DangerousGetHandle(), cfg, &shape, &dims, &result), "XGBoosterPredictFromDMatrix");
            }

            return CopyResult(shape, dims, result);
        }
    }

    /// <summary>Serializes the model; <paramref name="format"/> is <c>json</c> or <c>ubj</c>.</summary>
    public unsafe byte[] SaveModel(string format)
    {
        var api = XGBoostNative.Api;
        var config = XGBoostNativeApi.Utf8($"{{\"format\":\"{format}\"}}");
        lock (_gate)
        {
            ulong length;
            byte* data;
            fixed (byte* cfg = config)
            {
                api.Check(api.BoosterSaveModelToBuffer(Raw(), cfg, &length, &data), "XGBoosterSaveModelToBuffer");
            }

            return new ReadOnlySpan<byte>(data, checked((int)length)).ToArray();
        }
    }

    public unsafe string SaveJsonConfig()
    {
        var api = XGBoostNative.Api;
        lock (_gate)
        {
            ulong length;
            byte* data;
            api.Check(api.BoosterSaveJsonConfig(Raw(), &length, &data), "XGBoosterSaveJsonConfig");
            return Encoding.UTF8.GetString(data, checked((int)length));
        }
    }

    /// <summary>Feature scores for features used in at least one split; names are XGBoost's defaults <c>f0, f1, …</c>.</summary>
    public unsafe (string[] Features, float[] Scores) FeatureScore(string importanceType)
    {
        var api = XGBoostNative.Api;
        var config = XGBoostNativeApi.Utf8($"{{\"importance_type\":\"{importanceType}\"}}");
        lock (_gate)
        {
            ulong count;
            byte** names;
            ulong dims;
            ulong* shape;
            float* scores;
            fixed (byte* cfg = config)
            {
                api.Check(api.BoosterFeatureScore(Raw(), cfg, &count, &names, &dims, &shape, &scores), "XGBoosterFeatureScore");
            }

            var features = new string[checked((int)count)];
            for (var i = 0; i < features.Length; i++)
            {
                features[i] = System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)names[i]) ?? string.Empty;
            }

            ulong total = 1;
            for (ulong d = 0; d < dims; d++)
            {
                total *= shape[d];
            }

            return (features, new ReadOnlySpan<float>(scores, checked((int)total)).ToArray());
        }
    }

    /// <summary>A new booster with the trees of boosting rounds [begin, end).</summary>
    public unsafe Booster Slice(int begin, int end)
    {
        var api = XGBoostNative.Api;
        lock (_gate)
        {
            nint raw;
            var status = api.BoosterSlice(Raw(), begin, end, 1, &raw);
            if (status == -2)
            {
                throw new ArgumentOutOfRangeException(nameof(end), $"Rounds [{begin}, {end}) are out of the model's range.");
            }

            api.Check(status, "XGBoosterSlice");
            return new Booster(new BoosterSafeHandle(raw));
        }
    }

    public unsafe int BoostedRounds()
    {
        var api = XGBoostNative.Api;
        lock (_gate)
        {
            int rounds;
            api.Check(api.BoosterBoostedRounds(Raw(), &rounds), "XGBoosterBoostedRounds");
            return rounds;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _handle.Dispose();
        }
    }

    private static unsafe (float[] Values, ulong[] Shape) CopyResult(ulong* shape, ulong dims, float* result)
    {
        var outShape = new ulong[dims];
        ulong total = 1;
        for (ulong d = 0; d < dims; d++)
        {
            outShape[d] = shape[d];
            total *= shape[d];
        }

        return (new ReadOnlySpan<float>(result, checked((int)total)).ToArray(), outShape);
    }

    private nint Raw()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return _handle.DangerousGetHandle();
    }
}
