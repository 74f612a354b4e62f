using System.Text;
using System.Xml;
using SecureQueue.Sqs.Protocol;

namespace SecureQueue.Sqs.Tests.Protocol;

/// <summary>
/// Query responses are written by <see cref="ResponseEncoders"/> without <c>XmlWriter</c>; with the settings the
/// responses used before, <c>XmlWriter</c> is the oracle here: every response and error must come out byte for byte
/// as it wrote them.
/// </summary>
public sealed class XmlElementWriterTests
{
    private static readonly Guid RequestId = Guid.Parse("11111111-2222-3333-4444-555555555555");

    private static readonly XmlWriterSettings OracleSettings = new()
    {
        OmitXmlDeclaration = true,
        NewLineHandling = NewLineHandling.Entitize,
        Encoding = new UTF8Encoding(false),
        CheckCharacters = false,
    };

    public static TheoryData<string> Texts => new()
    {
        string.Empty,
        "plain",
        "a\r\nb\rc\nd\te",
        "<tag attr=\"x\" other='y'>&amp; & ]]> >",
        "\u00e9\u4e2d\uD7FF\uE000\uFFFD \uD83D\uDE00 end",
        "a\u0001b\0c\uFFFE" + new string([(char)0xD800]) + "d",
        new string('m', 3000) + "&" + new string('\r', 5),
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Xml_EveryNodeKind_SameBytesAsXmlWriter(string text)
    {
        var result = new ResponseObject()
            .Add("Body", text)
            .Add("Empty", string.Empty)
            .Add("Flag", true)
            .Add("Count", 42L)
            .Add("Messages", new ResponseList("Message", [new ResponseObject().Add("MessageId", "id").Add("Body", text), new ResponseText(text)]))
            .AddMap("Attributes", "Attribute", "Name", "Value", [new(text, text), new("k", string.Empty)])
            .Add("Nested", new ResponseObject())
            .Add("Empties", new ResponseList("Item", []));

        Assert.Equal(Oracle("ReceiveMessage", result, hasResult: true), Encoding.UTF8.GetString(ResponseEncoders.Xml("ReceiveMessage", result, RequestId, hasResult: true)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Xml_NoMembers_SameBytesAsXmlWriter(bool hasResult) =>
        Assert.Equal(Oracle("PurgeQueue", new ResponseObject(), hasResult), Encoding.UTF8.GetString(ResponseEncoders.Xml("PurgeQueue", new ResponseObject(), RequestId, hasResult)));

    [Theory]
    [MemberData(nameof(Texts))]
    public void XmlError_SameBytesAsXmlWriter(string text)
    {
        var builder = new StringBuilder();
        using (var xml = XmlWriter.Create(builder, OracleSettings))
        {
            xml.WriteStartElement("ErrorResponse", ResponseEncoders.Namespace);
            xml.WriteStartElement("Error");
            xml.WriteElementString("Type", "Sender");
            xml.WriteElementString("Code", XmlCharacters.Replace(text));
            xml.WriteElementString("Message", XmlCharacters.Replace(text));
            xml.WriteStartElement("Detail");
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteElementString("RequestId", RequestId.ToString());
            xml.WriteEndElement();
        }

        Assert.Equal("<?xml version=\"1.0\"?>" + builder, Encoding.UTF8.GetString(ResponseEncoders.XmlError(text, senderFault: true, text, RequestId)));
    }

    private static string Oracle(string action, ResponseObject result, bool hasResult)
    {
        var builder = new StringBuilder();
        using (var xml = XmlWriter.Create(builder, OracleSettings))
        {
            xml.WriteStartElement($"{action}Response", ResponseEncoders.Namespace);
            if (hasResult || result.Members.Count > 0)
            {
                xml.WriteStartElement($"{action}Result");
                foreach (var (name, value) in result.Members)
                {
                    Write(xml, name, value);
                }

                xml.WriteEndElement();
            }

            xml.WriteStartElement("ResponseMetadata");
            xml.WriteElementString("RequestId", RequestId.ToString());
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return builder.ToString();
    }

    private static void Write(XmlWriter xml, string name, ResponseNode node)
    {
        switch (node)
        {
            case ResponseText text:
                xml.WriteElementString(name, XmlCharacters.Replace(text.Value));
                break;
            case ResponseBool flag:
                xml.WriteElementString(name, flag.Value ? "true" : "false");
                break;
            case ResponseNumber number:
                xml.WriteElementString(name, number.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case ResponseList list:
                foreach (var item in list.Items)
                {
                    Write(xml, list.XmlItemName, item);
                }

                break;
            case ResponseMap map:
                foreach (var (key, value) in map.Entries)
                {
                    xml.WriteStartElement(map.XmlEntryName);
                    xml.WriteElementString(map.KeyName, XmlCharacters.Replace(key));
                    Write(xml, map.ValueName, value);
                    xml.WriteEndElement();
                }

                break;
            case ResponseObject obj:
                xml.WriteStartElement(name);
                foreach (var (member, value) in obj.Members)
                {
                    Write(xml, member, value);
                }

                xml.WriteEndElement();
                break;
        }
    }
}
