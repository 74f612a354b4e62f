using System.Buffers;
using System.Text.Json;

namespace SecureQueue.Log.Events;

/// <summary>Writes the canonical bytes of an event: the audit envelope plus the call's own detail.</summary>
internal static class EventData
{
    public const int FormatVersion = 3;

    /// <summary>The record's <c>time</c>, to the microsecond PostgreSQL keeps; its lookup row's time is this text too.</summary>
    public static string Time(DateTimeOffset recordedAt) => recordedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static byte[] Write(
        AuditEnvelope envelope, string eventType, string recordedAt, string? errorCode, string? errorMessage, Action<Utf8JsonWriter>? detail)
    {
        // The record is copied out of the thread's scratch buffer (WithoutNul), so none is allocated to be thrown away.
        var buffer = Crypto.Buffers.ScratchBuffer.Rent();
        try
        {
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteNumber("v", FormatVersion);
                json.WriteString("type", eventType);
                json.WriteString("time", recordedAt);
                json.WriteString("requestId", envelope.RequestId);
                json.WriteString("action", envelope.Action);
                WriteOptional(json, "principalArn", envelope.PrincipalArn);
                WriteOptional(json, "accessKeyId", envelope.AccessKeyId);
                json.WriteString("sourceIp", envelope.SourceIp);
                WriteOptional(json, "userAgent", envelope.UserAgent);
                WriteOptional(json, "resourceArn", envelope.ResourceArn);
                WriteOptional(json, "tlsVersion", envelope.TlsVersion);
                WriteOptional(json, "tlsCipher", envelope.TlsCipher);
                WriteOptional(json, "eventSource", envelope.EventSource);
                WriteOptional(json, "region", envelope.Region);
                WriteOptional(json, "host", envelope.Host);
                if (envelope.AuthenticationMethod is { } method)
                {
                    json.WriteStartObject("authentication");
                    json.WriteString("method", method);
                    WriteOptional(json, "credentialId", envelope.CredentialId);
                    WriteOptional(json, "userName", envelope.UserName);
                    WriteOptional(json, "certificateSubject", envelope.CertificateSubject);
                    json.WriteEndObject();
                }

                if (envelope.ReadOnly is { } readOnly)
                {
                    json.WriteBoolean("readOnly", readOnly);
                }

                if (envelope.DataEvent is { } dataEvent)
                {
                    json.WriteBoolean("dataEvent", dataEvent);
                }

                if (envelope.RequestParameters is { Length: > 0 } parameters)
                {
                    json.WritePropertyName("requestParameters");
                    json.WriteRawValue(parameters.Span, skipInputValidation: true);
                }
                if (envelope.Authorization is { } authorization)
                {
                    json.WriteStartObject("authorization");
                    json.WriteString("decision", authorization.Decision);
                    WriteStatements(json, authorization.MatchedStatements);
                    WriteKeys(json, authorization.Keys);
                    json.WriteEndObject();
                }

                WriteOptional(json, "errorCode", errorCode);
                WriteOptional(json, "errorMessage", errorMessage);
                if (detail is not null)
                {
                    json.WritePropertyName("detail");
                    json.WriteStartObject();
                    detail(json);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            return WithoutNul(buffer.WrittenSpan);
        }
        finally
        {
            Crypto.Buffers.ScratchBuffer.Return(buffer);
        }
    }

    /// <summary>
    /// The record with each <c>\u0000</c> escape written as the six characters <c>\u0000</c>: jsonb refuses NUL, and a
    /// detail may hold caller text (an UntagQueue key) that nothing else checked. Any other escape is copied whole, so an
    /// escaped backslash is never taken for the start of one.
    /// </summary>
    private static byte[] WithoutNul(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("\\u0000"u8) < 0)
        {
            return json.ToArray();
        }

        var output = new ArrayBufferWriter<byte>(json.Length + 16);
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] != (byte)'\\')
            {
                output.Write(json.Slice(i, 1));
            }
            else if (json[(i + 1)..].StartsWith("u0000"u8))
            {
                output.Write("\\\\u0000"u8);
                i += 5;
            }
            else
            {
                output.Write(json.Slice(i++, 2));
            }
        }

        return output.WrittenSpan.ToArray();
    }

    private static void WriteKeys(Utf8JsonWriter json, IReadOnlyList<KeyAuthorizationRecord> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }

        json.WriteStartArray("keys");
        foreach (var key in keys)
        {
            json.WriteStartObject();
            json.WriteString("action", key.Action);
            json.WriteString("resource", key.Resource);
            json.WriteString("decision", key.Decision);
            WriteStatements(json, key.MatchedStatements);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteStatements(Utf8JsonWriter json, IReadOnlyList<string> statements)
    {
        json.WriteStartArray("matchedStatements");
        foreach (var statement in statements)
        {
            json.WriteStringValue(statement);
        }

        json.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
