using System.Text;
using System.Text.Json;
using System.Xml;

namespace SecureQueue.Sts;

/// <summary>STS answers on the wire: the Query protocol's XML (namespace of version 2011-06-15) and AWS JSON 1.0.</summary>
internal static class StsResponses
{
    private const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    private static readonly XmlWriterSettings XmlSettings = new() { OmitXmlDeclaration = true, Encoding = new UTF8Encoding(false) };

    public static byte[] Xml(CallerIdentity identity, Guid requestId) => WriteXml(xml =>
    {
        xml.WriteStartElement("GetCallerIdentityResponse", Namespace);
        xml.WriteStartElement("GetCallerIdentityResult");
        xml.WriteElementString("Arn", identity.Arn);
        xml.WriteElementString("UserId", identity.UserId);
        xml.WriteElementString("Account", identity.Account);
        xml.WriteEndElement();
        xml.WriteStartElement("ResponseMetadata");
        xml.WriteElementString("RequestId", requestId.ToString());
        xml.WriteEndElement();
        xml.WriteEndElement();
    });

    public static byte[] Json(CallerIdentity identity) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["UserId"] = identity.UserId, ["Account"] = identity.Account, ["Arn"] = identity.Arn });

    public static byte[] XmlError(StsException error, Guid requestId) => WriteXml(xml =>
    {
        xml.WriteStartElement("ErrorResponse", Namespace);
        xml.WriteStartElement("Error");
        xml.WriteElementString("Type", error.Code.SenderFault ? "Sender" : "Receiver");
        xml.WriteElementString("Code", error.Code.Code);
        xml.WriteElementString("Message", Printable(error.Message));
        xml.WriteEndElement();
        xml.WriteElementString("RequestId", requestId.ToString());
        xml.WriteEndElement();
    });

    public static byte[] JsonError(StsException error) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["__type"] = error.Code.Code, ["message"] = error.Message });

    private static byte[] WriteXml(Action<XmlWriter> write)
    {
        var builder = new StringBuilder(256);
        using (var xml = XmlWriter.Create(builder, XmlSettings))
        {
            write(xml);
        }

        return Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?>" + builder);
    }

    // Messages can echo caller text (an unknown action); a character XML cannot carry would fail the answer halfway.
    private static string Printable(string text) => string.Concat(text.Select(c => XmlConvert.IsXmlChar(c) ? c : '\uFFFD'));
}
