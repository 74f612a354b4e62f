using System.Text;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Sqs.Tests.Protocol;

/// <summary>The test vectors of sqs-api.md §3 (most recorded against AWS).</summary>
public sealed class Md5DigestsTests
{
    private static MessageAttributeValue Text(string value, string type = "String") => new(type, value, null);

    [Theory]
    [InlineData("msg", "6e2baaf3b97dbeef01c0043275f9a0e7")]
    [InlineData("test", "098f6bcd4621d373cade4e832627b4f6")]
    public void OfBody_Vectors(string body, string expected) => Assert.Equal(expected, Md5Digests.OfBody(body));

    [Fact]
    public void OfAttributes_ThreeStrings_AwsVector()
    {
        var attributes = new Dictionary<string, MessageAttributeValue> { ["Help.Me"] = Text("Me"), ["Hello"] = Text("There"), ["General"] = Text("Kenobi") };
        Assert.Equal("4c360f3fdafd970e05fae2f149d997f5", Md5Digests.OfAttributes(attributes));
    }

    [Theory]
    [InlineData("fca026605781cb4126a1e9044df24232", "General", "Hello")]
    [InlineData("a311262e065454b75da111d535b8dacd", "Hello")]
    [InlineData("83fee93c1bcd8b9a5a923ffacdc636c7", "Hello", "Help.Me")]
    public void OfAttributes_Subsets_AwsVectors(string expected, params string[] names)
    {
        var all = new Dictionary<string, MessageAttributeValue> { ["Help.Me"] = Text("Me"), ["Hello"] = Text("There"), ["General"] = Text("Kenobi") };
        Assert.Equal(expected, Md5Digests.OfAttributes(names.ToDictionary(n => n, n => all[n])));
    }

    [Fact]
    public void OfAttributes_Foo_AwsVector() =>
        Assert.Equal("ae7155c6026991b6d54b11589678bf9c", Md5Digests.OfAttributes(new Dictionary<string, MessageAttributeValue> { ["Foo"] = Text("Bar") }));

    [Fact]
    public void OfAttributes_StringWithSpace_NpmVector() =>
        Assert.Equal("19e27d4e946b072f3f58da80d94fd778", Md5Digests.OfAttributes(new Dictionary<string, MessageAttributeValue> { ["attribName1"] = Text("attribValue 1") }));

    [Fact]
    public void OfAttributes_CustomNumberType_IncludesLabel() =>
        Assert.Equal("9fe1b90bbd9965bdf77bac517c7d2495", Md5Digests.OfAttributes(new Dictionary<string, MessageAttributeValue>
        {
            ["customNumberTypeAttrib"] = Text("4563442423554324324264524243.32543234", "Number.float"),
        }));

    [Fact]
    public void OfAttributes_Binary_Vector() =>
        Assert.Equal("31a92b15d92f8db860eda32aceb656c3", Md5Digests.OfAttributes(new Dictionary<string, MessageAttributeValue>
        {
            ["binaryAttribute"] = new("Binary", null, Encoding.UTF8.GetBytes("Hello binary world!")),
        }));

    [Fact]
    public void OfAttributes_TraceHeader_AwsSystemAttributeVector() =>
        Assert.Equal("5ae4d5d7636402d80f4eb6d213245a88", Md5Digests.OfAttributes(new Dictionary<string, MessageAttributeValue>
        {
            ["AWSTraceHeader"] = Text("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"),
        }));

    [Fact]
    public void OfAttributes_None_IsOmitted() => Assert.Null(Md5Digests.OfAttributes(new Dictionary<string, MessageAttributeValue>()));
}
