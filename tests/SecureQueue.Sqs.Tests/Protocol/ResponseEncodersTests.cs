using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Sqs.Tests.Protocol;

public sealed class ResponseEncodersTests
{
    private static readonly XNamespace Sqs = ResponseEncoders.Namespace;
    private static readonly Guid RequestId = Guid.Parse("11111111-2222-3333-4444-555555555555");

    [Fact]
    public void Xml_CarriageReturn_IsEscapedAsEntity()
    {
        var xml = Encoding.UTF8.GetString(ResponseEncoders.Xml("ReceiveMessage", new ResponseObject().Add("Body", "a\r\nb"), RequestId, hasResult: true));
        Assert.Contains("<Body>a&#xD;\nb</Body>", xml, StringComparison.Ordinal);
        Assert.Equal("a\r\nb", XDocument.Parse(xml).Descendants(Sqs + "Body").Single().Value);
    }

    // Built in code: a lone surrogate in an attribute or a source literal would not survive as one.
    private static readonly string Hostile = new(['a', '\u0001', 'b', '\0', 'c', (char)0xD800, 'd', (char)0xDC00, 'e', '\uFFFE', (char)0xD83D, (char)0xDE00]);

    private const string Cleaned = "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFD\uD83D\uDE00";

    [Fact]
    public void Xml_CharactersOutsideXml10_ReplacedWithReplacementCharacter()
    {
        var result = new ResponseObject().Add("Body", Hostile).AddMap("Tags", "Tag", "Key", "Value", [new(Hostile, Hostile)]);
        var document = XDocument.Parse(Encoding.UTF8.GetString(ResponseEncoders.Xml("ListQueueTags", result, RequestId, hasResult: true)));

        Assert.Equal(Cleaned, document.Descendants(Sqs + "Body").Single().Value);
        var tag = document.Descendants(Sqs + "Tag").Single();
        Assert.Equal((Cleaned, Cleaned), (tag.Element(Sqs + "Key")!.Value, tag.Element(Sqs + "Value")!.Value));
    }

    [Fact]
    public void XmlError_MessageEchoingCharactersOutsideXml10_ReplacedWithReplacementCharacter()
    {
        var document = XDocument.Parse(Encoding.UTF8.GetString(ResponseEncoders.XmlError("InvalidParameterValue", true, $"Tag key '{Hostile}' is invalid.", RequestId)));
        Assert.Equal($"Tag key '{Cleaned}' is invalid.", document.Descendants(Sqs + "Message").Single().Value);
    }

    [Fact]
    public void Xml_ValidText_WrittenUnchanged()
    {
        const string text = "tab\there \u00e9\uD7FF\uE000\uFFFD \uD83D\uDE00";
        var document = XDocument.Parse(Encoding.UTF8.GetString(ResponseEncoders.Xml("Op", new ResponseObject().Add("Body", text), RequestId, hasResult: true)));
        Assert.Equal(text, document.Descendants(Sqs + "Body").Single().Value);
    }

    [Fact]
    public void Json_CharactersOutsideXml10_StayParseable()
    {
        using var json = JsonDocument.Parse(ResponseEncoders.Json(new ResponseObject().Add("Body", "a\u0001b\0c")));
        Assert.Equal("a\u0001b\0c", json.RootElement.GetProperty("Body").GetString());
    }

    [Fact]
    public void Xml_ListsAndMaps_AreFlattenedUnderItemNames()
    {
        var result = new ResponseObject()
            .Add("QueueUrls", new ResponseList("QueueUrl", [new ResponseText("u1"), new ResponseText("u2")]))
            .AddMap("Attributes", "Attribute", "Name", "Value", [new("A", "1")]);
        var document = XDocument.Parse(Encoding.UTF8.GetString(ResponseEncoders.Xml("Op", result, RequestId, hasResult: true)));

        var opResult = document.Root!.Element(Sqs + "OpResult")!;
        Assert.Equal(["u1", "u2"], opResult.Elements(Sqs + "QueueUrl").Select(e => e.Value));
        Assert.Equal("1", opResult.Element(Sqs + "Attribute")!.Element(Sqs + "Value")!.Value);
        Assert.Equal(RequestId.ToString(), document.Root.Element(Sqs + "ResponseMetadata")!.Element(Sqs + "RequestId")!.Value);
    }

    [Fact]
    public void Xml_NoOutput_HasOnlyMetadata()
    {
        var document = XDocument.Parse(Encoding.UTF8.GetString(ResponseEncoders.Xml("DeleteQueue", new ResponseObject(), RequestId, hasResult: false)));
        Assert.Equal("DeleteQueueResponse", document.Root!.Name.LocalName);
        Assert.Equal(["ResponseMetadata"], document.Root.Elements().Select(e => e.Name.LocalName));
    }

    [Fact]
    public void Xml_EmptyResultOfActionWithOutput_StillHasResultElement()
    {
        var document = XDocument.Parse(Encoding.UTF8.GetString(ResponseEncoders.Xml("ReceiveMessage", new ResponseObject(), RequestId, hasResult: true)));
        Assert.Equal(["ReceiveMessageResult", "ResponseMetadata"], document.Root!.Elements().Select(e => e.Name.LocalName));
    }

    [Fact]
    public void Json_MapsAndBooleans_UseMemberNames()
    {
        var result = new ResponseObject()
            .AddMap("Attributes", "Attribute", "Name", "Value", [new("A", "1")])
            .Add("Failed", new ResponseList("BatchResultErrorEntry", [new ResponseObject().Add("Id", "x").Add("SenderFault", true)]));
        using var json = JsonDocument.Parse(ResponseEncoders.Json(result));
        Assert.Equal("1", json.RootElement.GetProperty("Attributes").GetProperty("A").GetString());
        Assert.True(json.RootElement.GetProperty("Failed")[0].GetProperty("SenderFault").GetBoolean());
    }

    [Fact]
    public void XmlError_HasTypeCodeMessageDetailAndRequestId()
    {
        var document = XDocument.Parse(Encoding.UTF8.GetString(ResponseEncoders.XmlError("InvalidAction", true, "m", RequestId)));
        var error = document.Root!.Element(Sqs + "Error")!;
        Assert.Equal(["Type", "Code", "Message", "Detail"], error.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(RequestId.ToString(), document.Root.Element(Sqs + "RequestId")!.Value);
    }
}
