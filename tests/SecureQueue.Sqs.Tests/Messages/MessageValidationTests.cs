using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Messages;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Sqs.Tests.Messages;

public sealed class MessageValidationTests
{
    private static readonly Dictionary<string, MessageAttributeValue> None = [];

    private static string Code(Action action) => Assert.Throws<SqsException>(action).Code.QueryCode;

    [Theory]
    [InlineData("\t\n\r ok")]
    [InlineData("\uD83D\uDE00 emoji")]
    [InlineData("\uE000\uFFFD")]
    public void Validate_AllowedCharacters_Pass(string body) => Assert.True(MessageValidation.Validate(body, None, 1024) > 0);

    // Built in code and not pre-enumerated: serializing test data would turn a lone surrogate into U+FFFD, which is allowed.
    public static TheoryData<string> Forbidden => new() { "\u0000", "\u0008", "\uFFFE", new string([(char)0xD800, 'x']), new string(['x', (char)0xDC00]) };

    [Theory]
    [MemberData(nameof(Forbidden), DisableDiscoveryEnumeration = true)]
    public void Validate_ForbiddenCharacters_InvalidMessageContents(string body) =>
        Assert.Equal("InvalidMessageContents", Code(() => MessageValidation.Validate(body, None, 1024)));

    [Fact]
    public void Validate_SizeCountsAttributes()
    {
        var attributes = new Dictionary<string, MessageAttributeValue> { ["n"] = new("String", "12345", null) };
        Assert.Equal(3 + 1 + 6 + 5, MessageValidation.Validate("abc", attributes, 1024));
        Assert.Equal("InvalidParameterValue", Code(() => MessageValidation.Validate(new string('a', 1020), attributes, 1024)));
    }

    [Theory]
    [InlineData("AWS.x")]
    [InlineData("amazon.x")]
    [InlineData(".x")]
    [InlineData("x.")]
    [InlineData("a..b")]
    [InlineData("a b")]
    [InlineData("trailing\n")]
    [InlineData("a\u0001")]
    public void Validate_BadAttributeNames_InvalidParameterValue(string name) =>
        Assert.Equal("InvalidParameterValue", Code(() => MessageValidation.Validate("b", new Dictionary<string, MessageAttributeValue> { [name] = new("String", "v", null) }, 1024)));

    [Theory]
    [InlineData("Number", "12a")]
    [InlineData("Number", "1e200")]
    [InlineData("String", "")]
    [InlineData("Strin", "v")]
    [InlineData("", "v")]
    public void Validate_BadAttributeValues_InvalidParameterValue(string type, string value) =>
        Assert.Equal("InvalidParameterValue", Code(() => MessageValidation.Validate("b", new Dictionary<string, MessageAttributeValue> { ["a"] = new(type, value, null) }, 1024)));

    [Theory]
    [InlineData("String.\u0001")]
    [InlineData("Number.a\0b")]
    [InlineData("Binary.\uFFFF")]
    public void Validate_ForbiddenCharacterInTypeLabel_InvalidParameterValue(string type) =>
        Assert.Equal("InvalidParameterValue", Code(() => MessageValidation.Validate("b", new Dictionary<string, MessageAttributeValue>
        {
            ["a"] = type.StartsWith("Binary", StringComparison.Ordinal) ? new(type, null, [1]) : new(type, "1", null),
        }, 1024)));

    [Fact]
    public void Validate_ElevenAttributes_InvalidParameterValue() =>
        Assert.Equal("InvalidParameterValue", Code(() => MessageValidation.Validate("b",
            Enumerable.Range(0, 11).ToDictionary(i => $"a{i}", _ => new MessageAttributeValue("String", "v", null)), 1024)));

    [Fact]
    public void Validate_NumberWithCustomLabel_Passes() =>
        Assert.True(MessageValidation.Validate("b", new Dictionary<string, MessageAttributeValue> { ["a"] = new("Number.float", "-1.5e10", null) }, 1024) > 0);
}
