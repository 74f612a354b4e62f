using System.Buffers;
using System.Text.Json;

namespace SecureQueue.Sqs.Protocol;

/// <summary>Encodes response trees and errors for the two SQS wire protocols.</summary>
internal static class ResponseEncoders
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
        var buffer = new ArrayBufferWriter<byte>(512);
        var xml = new XmlElementWriter(buffer);
        var root = $"{action}Response";
        xml.Start(root, Namespace);
        if (hasResult || result.Members.Count > 0)
        {
            var element = $"{action}Result";
            xml.Start(element);
            WriteXmlMembers(xml, result);
            xml.End(element);
        }

        xml.Start("ResponseMetadata");
        xml.Element("RequestId", requestId.ToString());
        xml.End("ResponseMetadata");
        xml.End(root);
        return buffer.WrittenSpan.ToArray();
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
        var buffer = new ArrayBufferWriter<byte>(512);
        buffer.Write("<?xml version=\"1.0\"?>"u8);
        var xml = new XmlElementWriter(buffer);
        xml.Start("ErrorResponse", Namespace);
        xml.Start("Error");
        xml.Element("Type", senderFault ? "Sender" : "Receiver");
        xml.Element("Code", XmlCharacters.Replace(code));
        xml.Element("Message", XmlCharacters.Replace(message));
        xml.Start("Detail");
        xml.End("Detail");
        xml.End("Error");
        xml.Element("RequestId", requestId.ToString());
        xml.End("ErrorResponse");
        return buffer.WrittenSpan.ToArray();
    }

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

    private static void WriteXmlMembers(XmlElementWriter xml, ResponseObject obj)
    {
        foreach (var (name, value) in obj.Members)
        {
            WriteXml(xml, name, value);
        }
    }

    private static void WriteXml(XmlElementWriter xml, string name, ResponseNode node)
    {
        switch (node)
        {
            case ResponseText text:
                xml.Element(name, XmlCharacters.Replace(text.Value));
                break;
            case ResponseBool flag:
                xml.Element(name, flag.Value ? "true" : "false");
                break;
            case ResponseNumber number:
                xml.Element(name, number.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
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
                    xml.Start(map.XmlEntryName);
                    xml.Element(map.KeyName, XmlCharacters.Replace(key));
                    WriteXml(xml, map.ValueName, value);
                    xml.End(map.XmlEntryName);
                }

                break;
            case ResponseObject obj:
                xml.Start(name);
                WriteXmlMembers(xml, obj);
                xml.End(name);
                break;
        }
    }
}
