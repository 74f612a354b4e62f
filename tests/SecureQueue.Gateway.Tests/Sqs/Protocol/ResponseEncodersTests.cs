using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using SecureQueue.Gateway.Sqs.Protocol;

namespace SecureQueue.Gateway.Tests.Sqs.Protocol;

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
