using SecureQueue.Policies.Conditions;

namespace SecureQueue.Policies.Tests.Conditions;

public sealed class ConditionDatesTests
{
    [Theory]
    [InlineData("2024-06-01T12:00:00Z", "2024-06-01T12:00:00Z")]
    [InlineData("2024-06-01T14:00:00+02:00", "2024-06-01T12:00:00Z")]
    [InlineData("2024-06-01T12:00:00.5Z", "2024-06-01T12:00:00.5Z")]
    [InlineData("2024-06-01T12:00Z", "2024-06-01T12:00:00Z")]
    [InlineData("2024-06-01T12:00:00", "2024-06-01T12:00:00Z")]
    [InlineData("2024-06-01", "2024-06-01T00:00:00Z")]
    [InlineData("2024-06", "2024-06-01T00:00:00Z")]
    [InlineData("20240601T120000Z", "2024-06-01T12:00:00Z")]
    [InlineData("1717243200", "2024-06-01T12:00:00Z")]
    [InlineData("0", "1970-01-01T00:00:00Z")]
    [InlineData("-86400", "1969-12-31T00:00:00Z")]
    public void TryParse_SupportedFormat_ReturnsUtcInstant(string text, string expected)
    {
        Assert.True(ConditionDates.TryParse(text, out var ticks));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).UtcTicks, ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("June 1 2024")]
    [InlineData("2024-06-01 12:00:00")]
    [InlineData("2024-02-30")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    [InlineData("253402300800")]
    public void TryParse_UnsupportedText_ReturnsFalse(string text)
    {
        Assert.False(ConditionDates.TryParse(text, out _));
    }
}
