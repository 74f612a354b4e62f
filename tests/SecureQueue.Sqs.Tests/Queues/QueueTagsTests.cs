using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Queues;

namespace SecureQueue.Sqs.Tests.Queues;

public sealed class QueueTagsTests
{
    private static string Code(string key, string value) =>
        Assert.Throws<SqsException>(() => QueueTags.Validate(new Dictionary<string, string> { [key] = value })).Code.QueryCode;

    [Theory]
    [InlineData("team", "")]
    [InlineData("cost-center_1", "with space:/=+-@.")]
    [InlineData("équipe", "zahlungsverkehr \u00fc\u4e2d")]
    [InlineData("separators", "\u2028\u00a0")]
    public void Validate_AllowedCharacters_Pass(string key, string value) =>
        Assert.Single(QueueTags.Validate(new Dictionary<string, string> { [key] = value }));

    // Built in code and not pre-enumerated: serializing test data would turn a lone surrogate into U+FFFD.
    public static TheoryData<string> Forbidden => new()
    {
        "a\u0001b", "\0", "tab\there", "line\nbreak", "\uFFFE", "<xml>", "semi;colon", "quote\"", "\uD83D\uDE00", new string(['x', (char)0xD800]),
    };

    [Theory]
    [MemberData(nameof(Forbidden), DisableDiscoveryEnumeration = true)]
    public void Validate_ForbiddenCharacterInValue_InvalidParameterValue(string value) =>
        Assert.Equal("InvalidParameterValue", Code("k", value));

    [Theory]
    [MemberData(nameof(Forbidden), DisableDiscoveryEnumeration = true)]
    public void Validate_ForbiddenCharacterInKey_InvalidParameterValue(string key) =>
        Assert.Equal("InvalidParameterValue", Code(key, "v"));
}
