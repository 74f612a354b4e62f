using System.Text;
using SecureQueue.Trail.Lookup;

namespace SecureQueue.Trail.Tests.Lookup;

public sealed class LookupRequestTests
{
    [Fact]
    public void Decode_EmptyBody_IsEveryEventFiftyAPage()
    {
        var request = LookupRequest.Decode(ReadOnlyMemory<byte>.Empty);

        Assert.Equal(new LookupRequest(null, null, null, 50, null, null), request);
    }

    [Fact]
    public void Decode_EveryMember_ReadsEpochSecondsAndTheAttribute()
    {
        var request = Decode("""{"LookupAttributes":[{"AttributeKey":"Username","AttributeValue":"alice"}],"StartTime":1700000000.5,"EndTime":1700000060,"MaxResults":7,"NextToken":"t","Unknown":1}""");

        Assert.Equal(new LookupAttribute(LookupAttributeKey.Username, "alice"), request.Attribute);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), request.StartTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_060), request.EndTime);
        Assert.Equal(7, request.MaxResults);
        Assert.Equal("t", request.NextToken);
    }

    [Fact]
    public void Window_IsWholeSecondsInclusiveOfBothEnds()
    {
        var request = Decode("""{"StartTime":1700000000.5,"EndTime":1700000060.9}""");

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_001), request.From);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_061), request.Before);
    }

    [Theory]
    [InlineData("""{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"a"},{"AttributeKey":"EventName","AttributeValue":"b"}]}""", "InvalidLookupAttributesException")]
    [InlineData("""{"LookupAttributes":[{"AttributeKey":" EventName","AttributeValue":"a"}]}""", "InvalidLookupAttributesException")]
    [InlineData("""{"LookupAttributes":[{"AttributeKey":"1","AttributeValue":"a"}]}""", "InvalidLookupAttributesException")]
    [InlineData("""{"LookupAttributes":[{"AttributeKey":"ReadOnly","AttributeValue":"1"}]}""", "InvalidLookupAttributesException")]
    [InlineData("""{"LookupAttributes":[{"AttributeValue":"a"}]}""", "InvalidLookupAttributesException")]
    [InlineData("""{"StartTime":2,"EndTime":1}""", "InvalidTimeRangeException")]
    [InlineData("""{"EndTime":-1e20}""", "InvalidTimeRangeException")]
    [InlineData("""{"MaxResults":50.5}""", "InvalidMaxResultsException")]
    [InlineData("""{"MaxResults":-1}""", "InvalidMaxResultsException")]
    [InlineData("""{"StartTime":"2026-01-01"}""", "SerializationException")]
    [InlineData("""{"NextToken":"\ud800"}""", "SerializationException")]
    [InlineData("""[]""", "SerializationException")]
    [InlineData("""{"LookupAttributes":["EventName"]}""", "SerializationException")]
    public void Decode_InvalidRequest_ThrowsCloudTrailsError(string json, string code)
    {
        var error = Assert.Throws<TrailException>(() => Decode(json));

        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(400, error.Code.Status);
    }

    [Theory]
    [InlineData("a", 1)]
    [InlineData("a_b c,d\ne", 13)]
    [InlineData("ü", 1)]
    public void WeightedLength_CountsUnderscoreSpaceCommaAndNewlineTwice(string value, int expected) =>
        Assert.Equal(expected, LookupAttribute.WeightedLength(value));

    [Fact]
    public void ReadOnly_TakesTrueOrFalseInAnyCase()
    {
        Assert.Equal("false", LookupAttribute.Parse("ReadOnly", "FALSE").Value);
        Assert.Equal("true", LookupAttribute.Parse("ReadOnly", "True").Value);
    }

    [Fact]
    public void Canonical_DiffersForEveryParameterThatSelectsEvents()
    {
        string[] requests =
        [
            "{}",
            """{"MaxResults":49}""",
            """{"StartTime":0}""",
            """{"EndTime":0}""",
            """{"EventCategory":"insight"}""",
            """{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"a"}]}""",
            """{"LookupAttributes":[{"AttributeKey":"Username","AttributeValue":"a"}]}""",
            """{"LookupAttributes":[{"AttributeKey":"Username","AttributeValue":"a\nstart="}]}""",
        ];

        Assert.Equal(requests.Length, requests.Select(r => Decode(r).Canonical()).Distinct().Count());
        Assert.Equal(Decode("{}").Canonical(), Decode("""{"NextToken":"x"}""").Canonical());
    }

    private static LookupRequest Decode(string json) => LookupRequest.Decode(Encoding.UTF8.GetBytes(json));
}
