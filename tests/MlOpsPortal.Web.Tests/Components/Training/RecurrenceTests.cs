using MlOpsPortal.Web.Components.Pages.Training;

namespace MlOpsPortal.Web.Tests.Components.Training;

public sealed class RecurrenceTests
{
    // A winter date: Europe/Paris is UTC+1, America/New_York UTC-5.
    private static readonly DateTimeOffset Winter = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(RecurrenceKind.EveryHours, 6, "02:00", DayOfWeek.Monday, "UTC", "0 0 0/6 * * ?")]
    [InlineData(RecurrenceKind.Daily, 0, "02:00", DayOfWeek.Monday, "UTC", "0 0 2 * * ?")]
    [InlineData(RecurrenceKind.Daily, 0, "03:30", DayOfWeek.Monday, "Europe/Paris", "0 30 2 * * ?")]
    [InlineData(RecurrenceKind.Weekly, 0, "03:30", DayOfWeek.Monday, "UTC", "0 30 3 ? * MON")]
    [InlineData(RecurrenceKind.Weekly, 0, "00:30", DayOfWeek.Monday, "Europe/Paris", "0 30 23 ? * SUN")]
    [InlineData(RecurrenceKind.Weekly, 0, "22:00", DayOfWeek.Saturday, "America/New_York", "0 0 3 ? * SUN")]
    public void ToCron_ThenFromCron_RoundTrips(RecurrenceKind kind, int hours, string at, DayOfWeek day, string zone, string cron)
    {
        var recurrence = new Recurrence(kind, hours, TimeOnly.Parse(at, System.Globalization.CultureInfo.InvariantCulture), day, zone);

        Assert.Equal(cron, recurrence.ToCron(Winter));
        var back = Recurrence.FromCron(cron, zone, Winter);
        Assert.Equal(kind, back.Kind);
        Assert.Equal(cron, back.ToCron(Winter));
        if (kind != RecurrenceKind.EveryHours)
        {
            Assert.Equal(recurrence.At, back.At);
        }

        if (kind == RecurrenceKind.Weekly)
        {
            Assert.Equal(recurrence.Day, back.Day);
        }
    }

    [Theory]
    [InlineData("", RecurrenceKind.None)]
    [InlineData("0 15 10 L * ?", RecurrenceKind.Custom)]
    [InlineData("0 0 */4 * * ?", RecurrenceKind.EveryHours)]
    [InlineData("0  0  2 * * ?", RecurrenceKind.Daily)]
    public void FromCron_AnyCron_PickerKindOrCustom(string cron, RecurrenceKind kind) =>
        Assert.Equal(kind, Recurrence.FromCron(cron, "UTC", Winter).Kind);

    [Fact]
    public void Describe_LocalZone_SaysTheUtcTimeToo() =>
        Assert.StartsWith("daily at 03:30 Europe/Paris (02:30 UTC", new Recurrence(RecurrenceKind.Daily, 6, new TimeOnly(3, 30), DayOfWeek.Monday, "Europe/Paris").Describe(Winter), StringComparison.Ordinal);

    [Fact]
    public void CronPreview_PickerCron_ListsNextFireTimes()
    {
        var cron = new Recurrence(RecurrenceKind.Weekly, 0, new TimeOnly(3, 30), DayOfWeek.Monday, "UTC").ToCron(Winter);

        var preview = CronPreview.Of(cron, Winter);

        Assert.Null(preview.Error);
        Assert.Equal(new DateTimeOffset(2026, 12, 14, 3, 30, 0, TimeSpan.Zero), preview.Next[0]);
    }
}
