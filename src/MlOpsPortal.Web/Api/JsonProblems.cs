using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Web.Api;

/// <summary>
/// Turns a JSON body that did not bind into an <see cref="Error"/> whose details name the member path and what was
/// expected there in plain words, e.g. <c>{"$.trainDataset": ["expected an object {\"name\", \"version\"}"]}</c>.
/// Used by the exception handler for bound bodies and by <see cref="ReadAsync{T}"/> for bodies handlers read themselves.
/// </summary>
public static class JsonProblems
{
    private const int MaxListedMembers = 10;

    /// <summary>Describes why <paramref name="exception"/> was thrown reading a <paramref name="target"/> (null: unknown).</summary>
    public static Error Describe(JsonException exception, Type? target, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(options);
        var path = string.IsNullOrEmpty(exception.Path) ? "$" : exception.Path;
        var message = exception.Message;
        if (IsSyntaxError(exception))
        {
            var where = exception.LineNumber is { } line
                ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, position {exception.BytePositionInLine + 1})")
                : string.Empty;
            var reason = StripLocation(exception.InnerException?.Message ?? message);
            return Invalid($"The request body is not valid JSON{where}: {reason}", path, $"not valid JSON: {reason}");
        }

        if (message.StartsWith("The JSON value could not be converted to", StringComparison.Ordinal))
        {
            var member = target is null ? null : MemberType(target, path, options);
            var expected = member is null ? "a value of another type" : Expected(member, options);
            return Invalid($"The request body does not have the expected shape: {path} must be {expected}.", path, $"expected {expected}");
        }

        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var missing = message[(message.LastIndexOf(':') + 1)..].Trim().TrimEnd('.');
            return Invalid($"The request body lacks required members at {path}: {missing}.", path, $"missing required member(s) {missing}");
        }

        // A converter's own message (e.g. a shorthand that could not be read) says what is wrong in user words.
        var own = StripLocation(message);
        return Invalid($"The request body is not valid at {path}: {own}", path, own);
    }

    /// <summary>What a JSON value of <paramref name="type"/> looks like, in user words ("an object {\"name\", \"version\"}").</summary>
    public static string Expected(Type type, JsonSerializerOptions options, int depth = 0)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", EnumNames(type).Select(n => $"\"{n}\""));
        }

        var primitive = Type.GetTypeCode(type) switch
        {
            TypeCode.String => "a string",
            TypeCode.Char => "a one-character string",
            TypeCode.Boolean => "true or false",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "an integer",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            TypeCode.DateTime => "a date-time string such as \"2026-01-31T12:00:00Z\"",
            _ => null,
        };
        if (primitive is not null)
        {
            return primitive;
        }

        if (type == typeof(Guid))
        {
            return "a GUID string";
        }

        if (type == typeof(DateTimeOffset))
        {
            return "a date-time string such as \"2026-01-31T12:00:00Z\"";
        }

        if (type == typeof(TimeSpan))
        {
            return "a duration string such as \"00:05:00\"";
        }

        if (type == typeof(JsonElement) || type == typeof(object) || typeof(System.Text.Json.Nodes.JsonNode).IsAssignableFrom(type))
        {
            return "a JSON value";
        }

        var info = options.GetTypeInfo(type);
        return info.Kind switch
        {
            JsonTypeInfoKind.Enumerable => depth > 1 ? "an array" : $"an array (each item {Expected(info.ElementType!, options, depth + 1)})",
            JsonTypeInfoKind.Dictionary => depth > 1 ? "an object" : $"an object whose values are each {Expected(info.ElementType!, options, depth + 1)}",
            JsonTypeInfoKind.Object => ObjectWords(info),
            _ => type.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "a value of another type",
        };
    }

    /// <summary>
    /// Reads a JSON body a handler reads itself (MLflow routes, content-negotiated endpoints): at most
    /// <paramref name="maxBytes"/> (413 beyond, with or without Content-Length), not empty, and described like a bound body
    /// when it does not parse or does not fit <typeparamref name="T"/>.
    /// </summary>
    public static async Task<Result<T>> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options, long maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return TooLarge(request.ContentLength.Value, maxBytes);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size && (size.MaxRequestBodySize ?? long.MaxValue) < maxBytes + 1)
        {
            size.MaxRequestBodySize = maxBytes + 1;
        }

        using var buffer = new MemoryStream();
        try
        {
            var chunk = new byte[81920];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return TooLarge(null, maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(null, maxBytes);
        }

        if (buffer.Length == 0)
        {
            return Invalid("The request body is empty; send a JSON object.", "$", "a JSON object is required");
        }

        buffer.Position = 0;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(buffer, options, cancellationToken);
            return value is null ? Invalid("The request body must be a JSON object, not null.", "$", $"expected {Expected(typeof(T), options)}") : value;
        }
        catch (JsonException e)
        {
            return Describe(e, typeof(T), options);
        }
    }

    /// <summary>413: the body is over the limit; names the limit (and the size when the client declared it).</summary>
    public static Error TooLarge(long? bytes, long maxBytes) => new(
        ErrorCode.PayloadTooLarge,
        bytes is { } b
            ? string.Create(CultureInfo.InvariantCulture, $"The request body of {b} bytes exceeds the limit of {maxBytes} bytes.")
            : string.Create(CultureInfo.InvariantCulture, $"The request body exceeds the limit of {maxBytes} bytes."));

    private static Error Invalid(string message, string path, string problem) =>
        new(ErrorCode.InvalidArgument, message, new Dictionary<string, string[]> { [path] = [problem] });

    private static bool IsSyntaxError(JsonException e) =>
        e.InnerException?.GetType().Name == "JsonReaderException"
        || (e.InnerException is null && e.Message.Contains("is an invalid", StringComparison.Ordinal))
        || e.Message.Contains("Expected depth to be zero", StringComparison.Ordinal)
        || e.Message.Contains("end of data", StringComparison.OrdinalIgnoreCase);

    /// <summary>"'x' is invalid ... Path: $ | LineNumber: 0 | BytePositionInLine: 0." → "'x' is invalid ...".</summary>
    private static string StripLocation(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        }

        return (cut < 0 ? message : message[..cut]).Trim();
    }

    private static string ObjectWords(JsonTypeInfo info)
    {
        var names = info.Properties.Where(p => p.Set is not null || p.AssociatedParameter is not null).Select(p => $"\"{p.Name}\"").ToList();
        if (names.Count == 0)
        {
            names = [.. info.Properties.Select(p => $"\"{p.Name}\"")];
        }

        var listed = names.Count > MaxListedMembers ? [.. names.Take(MaxListedMembers), "…"] : names;
        return listed.Count == 0 ? "an object" : "an object {" + string.Join(", ", listed) + "}";
    }

    private static IEnumerable<string> EnumNames(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name);

    /// <summary>The .NET type at a JSON path such as <c>$.columns[2].name</c> or <c>$['odd key']</c> below <paramref name="root"/>.</summary>
    private static Type? MemberType(Type root, string path, JsonSerializerOptions options)
    {
        var type = root;
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (Expected(type, options).StartsWith("a JSON value", StringComparison.Ordinal))
            {
                return null;
            }

            var info = options.GetTypeInfo(type);
            string? member = null;
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                member = path[(i + 1)..end];
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return null;
                }

                member = path[(i + 2)..end];
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || info.Kind != JsonTypeInfoKind.Enumerable)
                {
                    return null;
                }

                type = info.ElementType!;
                i = end + 1;
                continue;
            }
            else
            {
                return null;
            }

            if (info.Kind == JsonTypeInfoKind.Dictionary)
            {
                type = info.ElementType!;
                continue;
            }

            var comparison = options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var property = info.Kind == JsonTypeInfoKind.Object ? info.Properties.FirstOrDefault(p => string.Equals(p.Name, member, comparison)) : null;
            if (property is null)
            {
                return null;
            }

            type = property.PropertyType;
        }

        return type;
    }
}
