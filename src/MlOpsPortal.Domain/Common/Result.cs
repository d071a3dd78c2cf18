using System.Diagnostics.CodeAnalysis;

namespace MlOpsPortal.Domain.Common;

/// <summary>Kinds of expected failure; each maps once to an HTTP status and a UI alert.</summary>
public enum ErrorCode
{
    NotFound,
    AlreadyExists,
    InvalidArgument,
    InvalidState,
    Forbidden,
    Conflict,
    PayloadTooLarge,

    /// <summary>The feature needs something this installation lacks (HTTP 501).</summary>
    NotImplemented,

    /// <summary>A dependency failed for a reason outside the request (HTTP 503).</summary>
    Unavailable,
}

/// <summary>An expected failure: a code, a human-readable message, and optional per-field details.</summary>
public sealed record Error(ErrorCode Code, string Message, IReadOnlyDictionary<string, string[]>? Details = null)
{
    public static Error NotFound(string message) => new(ErrorCode.NotFound, message);

    public static Error AlreadyExists(string message) => new(ErrorCode.AlreadyExists, message);

    public static Error Invalid(string message) => new(ErrorCode.InvalidArgument, message);

    public static Error InvalidState(string message) => new(ErrorCode.InvalidState, message);

    public static Error Forbidden(string message) => new(ErrorCode.Forbidden, message);

    public static Error Conflict(string message) => new(ErrorCode.Conflict, message);
}

/// <summary>Either a value or an <see cref="Error"/>; expected failures are values, not exceptions.</summary>
public readonly record struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Error? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>The failure; not null exactly when <see cref="IsSuccess"/> is false (the compiler knows it).</summary>
    public Error? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    [MemberNotNullWhen(true, nameof(Error))]
    public bool IsFailure => Error is not null;

    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"Result has no value: {Error.Message}");

    public static Result<T> Ok(T value) => new(value, null);

    public static Result<T> Fail(Error error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));

    public Result<TOut> Map<TOut>(Func<T, TOut> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return IsSuccess ? Result<TOut>.Ok(map(Value)) : Result<TOut>.Fail(Error);
    }

    public static implicit operator Result<T>(T value) => Ok(value);

    public static implicit operator Result<T>(Error error) => Fail(error);
}
