using System.Globalization;
using System.Text.RegularExpressions;

namespace MlOpsPortal.Web.Components.Pages.Training;

public enum RecurrenceKind
{
    None,
    EveryHours,
    Daily,
    Weekly,
    Custom,
}

/// <summary>
/// A schedule as people say it — every N hours, daily at a time, weekly on a day at a time, in a time zone — and its
/// cron (seconds first) in UTC (recipes fire in UTC). A local time converts with the zone's offset on <c>now</c>'s date, so a
/// daylight-saving change moves the firing by an hour; <see cref="Describe"/> says so.
/// </summary>
public sealed partial record Recurrence(RecurrenceKind Kind, int Hours, TimeOnly At, DayOfWeek Day, string TimeZone)
{
    private static readonly string[] CronDays = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    public static Recurrence Default { get; } = new(RecurrenceKind.Daily, 6, new TimeOnly(2, 0), DayOfWeek.Monday, "UTC");

    /// <summary>The cron for this recurrence; null for none (no schedule) and custom (the raw cron stays as typed).</summary>
    public string? ToCron(DateTimeOffset now)
    {
        switch (Kind)
        {
            case RecurrenceKind.EveryHours:
                return Hours is >= 1 and <= 23 ? string.Create(CultureInfo.InvariantCulture, $"0 0 0/{Hours} * * ?") : null;
            case RecurrenceKind.Daily:
            {
                var (utc, _) = ToUtc(At, now);
                return string.Create(CultureInfo.InvariantCulture, $"0 {utc.Minute} {utc.Hour} * * ?");
            }

            case RecurrenceKind.Weekly:
            {
                var (utc, shift) = ToUtc(At, now);
                var day = (DayOfWeek)(((int)Day + shift + 7) % 7);
                return string.Create(CultureInfo.InvariantCulture, $"0 {utc.Minute} {utc.Hour} ? * {CronDays[(int)day]}");
            }

            default:
                return null;
        }
    }

    /// <summary>Reads a cron this picker can express (in <paramref name="timeZone"/>); anything else is <see cref="RecurrenceKind.Custom"/>.</summary>
    public static Recurrence FromCron(string? cron, string timeZone, DateTimeOffset now)
    {
        var zone = string.IsNullOrWhiteSpace(timeZone) ? "UTC" : timeZone;
        var blank = Default with { TimeZone = zone };
        if (string.IsNullOrWhiteSpace(cron))
        {
            return blank with { Kind = RecurrenceKind.None };
        }

        var text = string.Join(' ', cron.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (EveryHoursPattern().Match(text) is { Success: true } every && int.TryParse(every.Groups[1].Value, CultureInfo.InvariantCulture, out var hours) && hours is >= 1 and <= 23)
        {
            return blank with { Kind = RecurrenceKind.EveryHours, Hours = hours };
        }

        if (DailyPattern().Match(text) is { Success: true } daily && Time(daily.Groups[2].Value, daily.Groups[1].Value) is { } utcDaily)
        {
            var (local, _) = blank.FromUtc(utcDaily, now);
            return blank with { Kind = RecurrenceKind.Daily, At = local };
        }

        if (WeeklyPattern().Match(text) is { Success: true } weekly && Time(weekly.Groups[2].Value, weekly.Groups[1].Value) is { } utcWeekly)
        {
            var (local, shift) = blank.FromUtc(utcWeekly, now);
            var utcDay = Array.IndexOf(CronDays, weekly.Groups[3].Value.ToUpperInvariant());
            return blank with { Kind = RecurrenceKind.Weekly, At = local, Day = (DayOfWeek)((utcDay + shift + 7) % 7) };
        }

        return blank with { Kind = RecurrenceKind.Custom };
    }

    /// <summary>"daily at 03:00 Europe/Paris (02:00 UTC)".</summary>
    public string Describe(DateTimeOffset now)
    {
        var at = At.ToString("HH:mm", CultureInfo.InvariantCulture);
        var (utc, _) = ToUtc(At, now);
        var utcText = IsUtc ? string.Empty : $" ({utc.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC; an hour off after a daylight-saving change)";
        return Kind switch
        {
            RecurrenceKind.None => "no schedule",
            RecurrenceKind.EveryHours => $"every {Hours} hours, on the hour (UTC)",
            RecurrenceKind.Daily => $"daily at {at} {TimeZone}{utcText}",
            RecurrenceKind.Weekly => $"every {Day} at {at} {TimeZone}{utcText}",
            _ => "custom cron",
        };
    }

    private bool IsUtc => TimeZone is "UTC" or "Etc/UTC";

    private TimeZoneInfo Zone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
        catch (InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    /// <summary>A local time of day in the zone → UTC time of day and the day shift (-1, 0, +1).</summary>
    private (TimeOnly Utc, int DayShift) ToUtc(TimeOnly local, DateTimeOffset now)
    {
        var offset = Zone().GetUtcOffset(now);
        var minutes = (local.Hour * 60) + local.Minute - (int)offset.TotalMinutes;
        var shift = minutes < 0 ? -1 : minutes >= 24 * 60 ? 1 : 0;
        minutes = ((minutes % (24 * 60)) + (24 * 60)) % (24 * 60);
        return (new TimeOnly(minutes / 60, minutes % 60), shift);
    }

    /// <summary>A UTC time of day → local time of day in the zone and the day shift.</summary>
    private (TimeOnly Local, int DayShift) FromUtc(TimeOnly utc, DateTimeOffset now)
    {
        var offset = Zone().GetUtcOffset(now);
        var minutes = (utc.Hour * 60) + utc.Minute + (int)offset.TotalMinutes;
        var shift = minutes < 0 ? -1 : minutes >= 24 * 60 ? 1 : 0;
        minutes = ((minutes % (24 * 60)) + (24 * 60)) % (24 * 60);
        return (new TimeOnly(minutes / 60, minutes % 60), shift);
    }

    private static TimeOnly? Time(string hour, string minute) =>
        int.TryParse(hour, CultureInfo.InvariantCulture, out var h) && int.TryParse(minute, CultureInfo.InvariantCulture, out var m) && h is >= 0 and < 24 && m is >= 0 and < 60
            ? new TimeOnly(h, m) : null;

    [GeneratedRegex(@"^0 0 (?:0|\*)/(\d{1,2}) \* \* \?$")]
    private static partial Regex EveryHoursPattern();

    [GeneratedRegex(@"^0 (\d{1,2}) (\d{1,2}) \* \* \?$")]
    private static partial Regex DailyPattern();

    [GeneratedRegex(@"^0 (\d{1,2}) (\d{1,2}) \? \* (SUN|MON|TUE|WED|THU|FRI|SAT)$", RegexOptions.IgnoreCase)]
    private static partial Regex WeeklyPattern();
}
