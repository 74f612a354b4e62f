using SecureQueue.Crypto.Receipts;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Messages;

namespace SecureQueue.Sqs.Tests.Messages;

/// <summary>SQS's limit of 12 hours of visibility counted from the receive that made the receipt handle.</summary>
public sealed class TotalVisibilityTests
{
    private static readonly DateTimeOffset Received = DateTimeOffset.FromUnixTimeSeconds(1_796_000_000);
    private static readonly ReceiptHandleParts Parts = new(1, 2, 3, 4) { ReceivedAt = Received };

    [Theory]
    [InlineData(0, 43_200)]
    [InlineData(3_600, 39_600)]
    [InlineData(43_199, 1)]
    [InlineData(43_200, 0)]
    public void EndingAtOrBeforeTwelveHoursAfterTheReceive_Allowed(int elapsed, int seconds) =>
        Assert.Equal(seconds, ReceiptHandles.WithinTotalVisibility(Parts, seconds, Received.AddSeconds(elapsed)));

    [Theory]
    [InlineData(1, 43_200)]
    [InlineData(3_600, 39_601)]
    [InlineData(43_201, 0)]
    public void EndingLater_InvalidParameterValue(int elapsed, int seconds)
    {
        var error = Assert.Throws<SqsException>(() => ReceiptHandles.WithinTotalVisibility(Parts, seconds, Received.AddSeconds(elapsed)));

        Assert.Equal("InvalidParameterValue", error.ErrorCode);
        Assert.Equal(
            $"Value {seconds} for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds]",
            error.Message);
    }

    [Fact]
    public void HandleWithoutReceiveTime_NotLimited() =>
        Assert.Equal(43_200, ReceiptHandles.WithinTotalVisibility(Parts with { ReceivedAt = null }, 43_200, Received.AddDays(3)));
}
