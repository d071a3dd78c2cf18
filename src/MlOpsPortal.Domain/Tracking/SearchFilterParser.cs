using System.Globalization;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Domain.Tracking;

/// <summary>
/// Parses MLflow's run search syntax: clauses joined by AND, each <c>entity.key op value</c>. Errors name the
/// position and what was expected, e.g. "Invalid filter at position 13: expected a numeric value for metrics.auc, got 'high'".
/// </summary>
public static class SearchFilterParser
{
    private static readonly FilterOperator[] Numeric =
        [FilterOperator.Equal, FilterOperator.NotEqual, FilterOperator.Greater, FilterOperator.GreaterOrEqual, FilterOperator.Less, FilterOperator.LessOrEqual];

    private static readonly FilterOperator[] Textual = [FilterOperator.Equal, FilterOperator.NotEqual, FilterOperator.Like, FilterOperator.ILike];

    public static Result<IReadOnlyList<FilterClause>> Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return Result<IReadOnlyList<FilterClause>>.Ok([]);
        }

        if (filter.Length > TrackingLimits.MaxFilterLength)
        {
            return Error.Invalid(string.Create(
                CultureInfo.InvariantCulture,
                $"Invalid filter: it is {filter.Length} characters long; the limit is {TrackingLimits.MaxFilterLength} characters."));
        }

        if (!FilterTokenizer.TryTokenize(filter, out var tokens, out var lexError))
        {
            return Error.Invalid($"Invalid filter: {lexError}.");
        }

        var clauses = new List<FilterClause>();
        var i = 0;
        while (true)
        {
            var clause = ParseClause(tokens, ref i);
            if (!clause.IsSuccess)
            {
                return clause.Error;
            }

            clauses.Add(clause.Value);
            if (clauses.Count > TrackingLimits.MaxFilterClauses)
            {
                return Error.Invalid(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Invalid filter: it has more than {TrackingLimits.MaxFilterClauses} clauses; the limit is {TrackingLimits.MaxFilterClauses} clauses joined by AND."));
            }

            var next = tokens[i];
            if (next.Kind == TokenKind.End)
            {
                return clauses;
            }

            if (next.IsKeyword("OR"))
            {
                return Fail(next, "OR is not supported; join clauses with AND");
            }

            if (!next.IsKeyword("AND"))
            {
                return Fail(next, $"expected AND or the end of the filter, got {next.Describe()}");
            }

            i++;
        }
    }

    /// <summary>Parses order_by terms: <c>metrics.auc DESC</c>, <c>attributes.start_time</c>, <c>params.lr ASC</c>.</summary>
    public static Result<IReadOnlyList<OrderClause>> ParseOrderBy(IEnumerable<string>? terms)
    {
        var result = new List<OrderClause>();
        foreach (var term in terms ?? [])
        {
            if (string.IsNullOrWhiteSpace(term))
            {
                continue;
            }

            if (!FilterTokenizer.TryTokenize(term, out var tokens, out var lexError))
            {
                return Error.Invalid($"Invalid order_by clause '{term}': {lexError}.");
            }

            var i = 0;
            var id = ParseIdentifier(tokens, ref i);
            if (!id.IsSuccess)
            {
                return Error.Invalid($"Invalid order_by clause '{term}': {id.Error.Message}");
            }

            var descending = false;
            if (tokens[i].IsKeyword("DESC") || tokens[i].IsKeyword("ASC"))
            {
                descending = tokens[i].IsKeyword("DESC");
                i++;
            }

            if (tokens[i].Kind != TokenKind.End)
            {
                return Error.Invalid($"Invalid order_by clause '{term}': expected ASC or DESC at position {tokens[i].Position}, got {tokens[i].Describe()}.");
            }

            result.Add(new OrderClause(id.Value.Entity, id.Value.Key, descending));
        }

        return result;
    }

    private static Result<FilterClause> ParseClause(List<Token> tokens, ref int i)
    {
        var id = ParseIdentifier(tokens, ref i);
        if (!id.IsSuccess)
        {
            return id.Error;
        }

        var (entity, key, name) = id.Value;
        var opToken = tokens[i];
        var op = ParseOperator(tokens, ref i);
        if (op is null)
        {
            return Fail(opToken, $"expected a comparison operator after {name}, got {opToken.Describe()}");
        }

        var allowed = entity switch
        {
            FilterEntity.Metric => Numeric,
            FilterEntity.Param or FilterEntity.Tag => Textual,
            _ when RunAttributes.IsTime(key) => Numeric,
            _ when key == RunAttributes.RunId => [FilterOperator.Equal, FilterOperator.NotEqual, FilterOperator.In, FilterOperator.NotIn],
            _ when key == RunAttributes.Status => [.. Textual, FilterOperator.In, FilterOperator.NotIn],
            _ => Textual,
        };
        if (!allowed.Contains(op.Value))
        {
            return Fail(opToken, $"operator '{RunAttributes.Operator(op.Value)}' cannot be used with {name}; allowed: {string.Join(", ", allowed.Select(RunAttributes.Operator))}");
        }

        var valueToken = tokens[i];
        if (op is FilterOperator.In or FilterOperator.NotIn)
        {
            var list = ParseList(tokens, ref i, name);
            return list.IsSuccess ? new FilterClause(entity, key, op.Value, new FilterValue(List: list.Value)) : list.Error;
        }

        var numeric = entity == FilterEntity.Metric || (entity == FilterEntity.Attribute && RunAttributes.IsTime(key));
        if (numeric)
        {
            if (valueToken.Kind != TokenKind.Number)
            {
                return Fail(valueToken, $"expected a numeric value for {name}, got {valueToken.Describe()}");
            }

            i++;
            return new FilterClause(entity, key, op.Value, new FilterValue(Number: valueToken.Number));
        }

        if (valueToken.Kind != TokenKind.String && !(valueToken.Kind == TokenKind.QuotedName && valueToken.Number == 1))
        {
            return Fail(valueToken, $"expected a quoted string value for {name} (e.g. '{(valueToken.Kind == TokenKind.End ? "value" : valueToken.Text)}'), got {valueToken.Describe()}");
        }

        i++;
        var text = valueToken.Text;
        if (entity == FilterEntity.Attribute && key == RunAttributes.Status && op is FilterOperator.Equal or FilterOperator.NotEqual)
        {
            if (!RunStatuses.TryParse(text, out var status))
            {
                return Fail(valueToken, $"'{text}' is not a run status; valid values are {string.Join(", ", RunStatuses.Names)}");
            }

            text = status.ToApi();
        }

        return new FilterClause(entity, key, op.Value, new FilterValue(Text: text));
    }

    private static Result<(FilterEntity Entity, string Key, string Name)> ParseIdentifier(List<Token> tokens, ref int i)
    {
        var t = tokens[i];
        if (t.Kind is not (TokenKind.Word or TokenKind.QuotedName))
        {
            return Fail(t, $"expected an identifier such as metrics.auc, params.max_depth, tags.team or attributes.status, got {t.Describe()}");
        }

        i++;
        string prefix;
        string key;
        if (t.Kind == TokenKind.QuotedName)
        {
            prefix = string.Empty;
            key = t.Text;
        }
        else
        {
            var dot = t.Text.IndexOf('.', StringComparison.Ordinal);
            prefix = dot < 0 ? string.Empty : t.Text[..dot];
            key = dot < 0 ? t.Text : t.Text[(dot + 1)..];
            if (dot >= 0 && key.Length == 0)
            {
                if (tokens[i].Kind != TokenKind.QuotedName)
                {
                    return Fail(tokens[i], $"expected a key name after '{t.Text}', got {tokens[i].Describe()}");
                }

                key = tokens[i].Text;
                i++;
            }
        }

        if (prefix.Length == 0)
        {
            var bare = RunAttributes.Canonical(key);
            return bare is null
                ? Fail(t, $"'{key}' is not a valid identifier; prefix it with metrics., params., tags. or attributes.")
                : (FilterEntity.Attribute, bare, "attributes." + bare);
        }

        FilterEntity? entity = prefix.ToUpperInvariant() switch
        {
            "METRIC" or "METRICS" => FilterEntity.Metric,
            "PARAM" or "PARAMS" or "PARAMETER" or "PARAMETERS" => FilterEntity.Param,
            "TAG" or "TAGS" => FilterEntity.Tag,
            "ATTRIBUTE" or "ATTRIBUTES" or "ATTR" or "RUN" => FilterEntity.Attribute,
            _ => null,
        };
        if (entity is null)
        {
            return Fail(t, $"invalid entity type '{prefix}'; valid types are metrics, params, tags and attributes");
        }

        if (entity == FilterEntity.Attribute)
        {
            var canonical = RunAttributes.Canonical(key);
            if (canonical is null)
            {
                return Fail(t, $"invalid attribute key '{key}'; valid keys are {string.Join(", ", RunAttributes.All)}");
            }

            key = canonical;
        }

        var plural = entity switch { FilterEntity.Metric => "metrics", FilterEntity.Param => "params", FilterEntity.Tag => "tags", _ => "attributes" };
        return (entity.Value, key, $"{plural}.{key}");
    }

    private static FilterOperator? ParseOperator(List<Token> tokens, ref int i)
    {
        var t = tokens[i];
        FilterOperator? op = t.Kind == TokenKind.Operator
            ? t.Text switch
            {
                "=" => FilterOperator.Equal,
                "!=" => FilterOperator.NotEqual,
                ">" => FilterOperator.Greater,
                ">=" => FilterOperator.GreaterOrEqual,
                "<" => FilterOperator.Less,
                _ => FilterOperator.LessOrEqual,
            }
            : t.IsKeyword("LIKE") ? FilterOperator.Like
            : t.IsKeyword("ILIKE") ? FilterOperator.ILike
            : t.IsKeyword("IN") ? FilterOperator.In
            : t.IsKeyword("NOT") && tokens[i + 1].IsKeyword("IN") ? FilterOperator.NotIn
            : null;
        if (op is not null)
        {
            i += op == FilterOperator.NotIn ? 2 : 1;
        }

        return op;
    }

    private static Result<IReadOnlyList<string>> ParseList(List<Token> tokens, ref int i, string name)
    {
        if (tokens[i].Kind != TokenKind.OpenParen)
        {
            return Fail(tokens[i], $"expected '(' to start the list of values for {name}, got {tokens[i].Describe()}");
        }

        i++;
        var values = new List<string>();
        while (true)
        {
            var t = tokens[i];
            if (t.Kind != TokenKind.String)
            {
                return Fail(t, $"expected a quoted string in the list for {name}, got {t.Describe()}");
            }

            values.Add(t.Text);
            i++;
            if (tokens[i].Kind == TokenKind.CloseParen)
            {
                i++;
                return values;
            }

            if (tokens[i].Kind != TokenKind.Comma)
            {
                return Fail(tokens[i], $"expected ',' or ')' in the list for {name}, got {tokens[i].Describe()}");
            }

            i++;
        }
    }

    private static Error Fail(Token at, string reason) => Error.Invalid($"Invalid filter at position {at.Position}: {reason}.");
}
