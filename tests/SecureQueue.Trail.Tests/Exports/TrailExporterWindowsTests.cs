using SecureQueue.Trail.Exports;

namespace SecureQueue.Trail.Tests.Exports;

public sealed class TrailExporterWindowsTests
{
    private static readonly DateTimeOffset Hour = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Windows_FirstExport_FromStartOfHourToNow()
    {
        Assert.Equal([(Hour, Hour.AddMinutes(25))], TrailExporter.Windows(null, Hour.AddMinutes(25), delivered: false));
        Assert.Equal([(Hour.AddHours(-1), Hour)], TrailExporter.Windows(null, Hour, delivered: true));
    }

    [Fact]
    public void Windows_SameHourWithoutDelivery_None()
    {
        Assert.Empty(TrailExporter.Windows(Hour.AddMinutes(5), Hour.AddMinutes(40), delivered: false));
    }

    [Fact]
    public void Windows_SameHourWithDelivery_OneUpToNow()
    {
        Assert.Equal([(Hour.AddMinutes(5), Hour.AddMinutes(40))], TrailExporter.Windows(Hour.AddMinutes(5), Hour.AddMinutes(40), delivered: true));
    }

    [Fact]
    public void Windows_HoursPassedWithoutDelivery_OnePerEndedHour()
    {
        Assert.Equal(
            [(Hour.AddMinutes(5), Hour.AddHours(1)), (Hour.AddHours(1), Hour.AddHours(2))],
            TrailExporter.Windows(Hour.AddMinutes(5), Hour.AddHours(2).AddMinutes(30), delivered: false));
    }

    [Fact]
    public void Windows_HoursPassedWithDelivery_EndedHoursThenTheRest()
    {
        Assert.Equal(
            [(Hour.AddMinutes(5), Hour.AddHours(1)), (Hour.AddHours(1), Hour.AddHours(1).AddMinutes(2))],
            TrailExporter.Windows(Hour.AddMinutes(5), Hour.AddHours(1).AddMinutes(2), delivered: true));
    }

    [Fact]
    public void Windows_DeliveryExactlyOnTheHour_LastWindowEndsThere()
    {
        var windows = TrailExporter.Windows(Hour.AddMinutes(5), Hour.AddHours(1), delivered: true);
        Assert.Equal([(Hour.AddMinutes(5), Hour.AddHours(1))], windows);
    }

    [Fact]
    public void Windows_AlwaysTileTimeWithinHours()
    {
        var last = (DateTimeOffset?)null;
        var end = Hour.AddSeconds(17);
        for (var run = 0; run < 200; run++)
        {
            end = end.AddMinutes(run % 7 == 0 ? 95 : 13);
            foreach (var (start, stop) in TrailExporter.Windows(last, end, delivered: run % 3 == 0))
            {
                Assert.True(last is null || start == last, "each window starts where the last ended");
                Assert.True(start < stop);
                Assert.Equal(TrailExporter.HourStart(start), TrailExporter.HourStart(stop.AddTicks(-1)));
                last = stop;
            }
        }
    }
}
