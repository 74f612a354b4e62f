using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace SecureQueue.Sqs.Protocol;

/// <summary>Encodes response trees and errors for the two SQS wire protocols.</summary>
public static class ResponseEncoders
{
    public const string Namespace = "http://queue.amazonaws.com/doc/2012-11-05/";

    public static byte[] Json(ResponseObject result)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteJson(json, result);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Xml(string action, ResponseObject result, Guid requestId, bool hasResult)
    {
        var builder = new StringBuilder(256);
        using (var xml = XmlWriter.Create(builder, XmlSettings))
        {
            xml.WriteStartElement($"{action}Response", Namespace);
            if (hasResult || result.Members.Count > 0)
            {
                xml.WriteStartElement($"{action}Result");
                WriteXmlMembers(xml, result);
                xml.WriteEndElement();
            }

            xml.WriteStartElement("ResponseMetadata");
            xml.WriteElementString("RequestId", requestId.ToString());
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    public static byte[] JsonError(string type, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("__type", type);
            json.WriteString("message", message);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] XmlError(string code, bool senderFault, string message, Guid requestId)
    {
        var builder = new StringBuilder(256);
        using (var xml = XmlWriter.Create(builder, XmlSettings))
        {
            xml.WriteStartElement("ErrorResponse", Namespace);
            xml.WriteStartElement("Error");
            xml.WriteElementString("Type", senderFault ? "Sender" : "Receiver");
            xml.WriteElementString("Code", XmlCharacters.Replace(code));
            xml.WriteElementString("Message", XmlCharacters.Replace(message));
            xml.WriteStartElement("Detail");
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteElementString("RequestId", requestId.ToString());
            xml.WriteEndElement();
        }

        return Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?>" + builder);
    }

    // CR must travel as &#xD;: an XML parser turns a literal CR into LF, which changes the body and its MD5.
    // CheckCharacters is off because every text goes through XmlCharacters.Replace first: the writer never sees a
    // character it would refuse halfway through a response, nor writes one (as &#x1;) that no parser accepts.
    private static readonly XmlWriterSettings XmlSettings = new()
    {
        OmitXmlDeclaration = true,
        NewLineHandling = NewLineHandling.Entitize,
        Encoding = new UTF8Encoding(false),
        CheckCharacters = false,
    };

    private static void WriteJson(Utf8JsonWriter json, ResponseNode node)
    {
        switch (node)
        {
            case ResponseText text:
                json.WriteStringValue(text.Value);
                break;
            case ResponseBool flag:
                json.WriteBooleanValue(flag.Value);
                break;
            case ResponseNumber number:
                json.WriteNumberValue(number.Value);
                break;
            case ResponseList list:
                json.WriteStartArray();
                foreach (var item in list.Items)
                {
                    WriteJson(json, item);
                }

                json.WriteEndArray();
                break;
            case ResponseMap map:
                json.WriteStartObject();
                foreach (var (key, value) in map.Entries)
                {
                    json.WritePropertyName(key);
                    WriteJson(json, value);
                }

                json.WriteEndObject();
                break;
            case ResponseObject obj:
                json.WriteStartObject();
                foreach (var (name, value) in obj.Members)
                {
                    json.WritePropertyName(name);
                    WriteJson(json, value);
                }

                json.WriteEndObject();
                break;
        }
    }

    private static void WriteXmlMembers(XmlWriter xml, ResponseObject obj)
    {
        foreach (var (name, value) in obj.Members)
        {
            WriteXml(xml, name, value);
        }
    }

    private static void WriteXml(XmlWriter xml, string name, ResponseNode node)
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
                    WriteXml(xml, list.XmlItemName, item);
                }

                break;
            case ResponseMap map:
                foreach (var (key, value) in map.Entries)
                {
                    xml.WriteStartElement(map.XmlEntryName);
                    xml.WriteElementString(map.KeyName, XmlCharacters.Replace(key));
                    WriteXml(xml, map.ValueName, value);
                    xml.WriteEndElement();
                }

                break;
            case ResponseObject obj:
                xml.WriteStartElement(name);
                WriteXmlMembers(xml, obj);
                xml.WriteEndElement();
                break;
        }
    }
}
