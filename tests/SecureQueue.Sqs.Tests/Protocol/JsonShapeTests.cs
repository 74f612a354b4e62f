using System.Text;
using SecureQueue.Sqs.Errors;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Sqs.Tests.Protocol;

public sealed class JsonShapeTests
{
    [Theory]
    [InlineData(@"""plain""", true)]
    [InlineData(@"""a\nb\\c\u0041""", true)]
    [InlineData(@"""\ud83d\ude00""", true)]
    [InlineData(@"""x\uD83D\uDE00y\ud83d\ude00""", true)]
    [InlineData(@"""\\ud800""", true)]
    [InlineData(@"""\ud800""", false)]
    [InlineData(@"""\udc00""", false)]
    [InlineData(@"""\ud800x\udc00""", false)]
    [InlineData(@"""\ud800\ud800""", false)]
    [InlineData(@"""\ude00\ud83d""", false)]
    [InlineData(@"""\ud800\n""", false)]
    [InlineData(@"""\\\udc00""", false)]
    [InlineData(@"{""\ud800"":1}", false)]
    [InlineData(@"[""\ud800"",""\udc00""]", false)]
    public void Elements_SurrogateEscapes_NegativeOnlyWhenUnpaired(string json, bool paired) =>
        Assert.Equal(paired, JsonShape.Elements(Encoding.ASCII.GetBytes(json), 100) >= 0);

    [Theory]
    [InlineData(@"{""a"":1,""b"":[1,2]}", 8)]
    [InlineData(@"{""a,b:c{["":""x""}", 4)]
    public void Elements_CountsOutsideStringsOnly(string json, int expected) =>
        Assert.Equal(expected, JsonShape.Elements(Encoding.ASCII.GetBytes(json), 100));

    [Fact]
    public void Elements_MoreThanMaximum_SerializationException()
    {
        var json = "[" + string.Join(',', Enumerable.Repeat("1", 200)) + "]";
        Assert.Equal("SerializationException", Assert.Throws<SqsException>(() => JsonShape.Elements(Encoding.ASCII.GetBytes(json), 100)).Code.QueryCode);
    }
}
